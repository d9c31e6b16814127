package be.belfort.temporal;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The time filter of a temporal query (clause 4.11) and the periods of an aggregated one (clause 4.5.19). */
class TemporalQueryTest {

    @Test
    void withoutParametersEverythingIsAskedOnObservedAt() {
        TemporalQuery query = TemporalQuery.of(null, null, null, null, null);
        assertThat(query).isEqualTo(TemporalQuery.ALL);
        assertThat(query.timeProperty()).isEqualTo(TemporalQuery.TimeProperty.OBSERVED_AT);
    }

    @Test
    void eachRelationReadsTheTimesItNeeds() {
        TemporalQuery between = TemporalQuery.of("between", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00+01:00",
                "modifiedAt", "3");
        assertThat(between.relation()).isEqualTo(TemporalQuery.TimeRelation.BETWEEN);
        assertThat(between.endTimeAt()).isEqualTo(Instant.parse("2026-01-01T23:00:00Z"));
        assertThat(between.timeProperty()).isEqualTo(TemporalQuery.TimeProperty.MODIFIED_AT);
        assertThat(between.lastN()).isEqualTo(3);
        assertThat(TemporalQuery.of("before", "2026-01-01T00:00:00Z", null, "createdAt", null).timeProperty())
                .isEqualTo(TemporalQuery.TimeProperty.CREATED_AT);
    }

    @Test
    void incompleteOrContradictoryTimesAreBadRequestData() {
        refused(() -> TemporalQuery.of("during", "2026-01-01T00:00:00Z", null, null, null), "timerel");
        refused(() -> TemporalQuery.of(null, "2026-01-01T00:00:00Z", null, null, null), "need a timerel");
        refused(() -> TemporalQuery.of("after", null, null, null, null), "needs timeAt");
        refused(() -> TemporalQuery.of("between", "2026-01-01T00:00:00Z", null, null, null), "needs endTimeAt");
        refused(() -> TemporalQuery.of("between", "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z", null, null), "after");
        refused(() -> TemporalQuery.of("between", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", null, null), "after");
        refused(() -> TemporalQuery.of("before", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", null, null), "only");
        refused(() -> TemporalQuery.of("after", "yesterday", null, null, null), "timeAt");
        refused(() -> TemporalQuery.of(null, null, null, "expiredAt", null), "timeproperty");
    }

    @Test
    void lastNIsAPositiveWholeNumber() {
        for (String bad : new String[] {"0", "-1", "1.5", "many", "99999999999"}) {
            refused(() -> TemporalQuery.of(null, null, null, null, bad), "lastN");
        }
        assertThat(TemporalQuery.of(null, null, null, null, "1").lastN()).isEqualTo(1);
    }

    @Test
    void periodsAreCalendarMonthsOrExactLengthsOrTheWholeRange() {
        Aggregation months = Aggregation.of("sum", "P1Y2M");
        assertThat(months.months()).isEqualTo(14);
        assertThat(months.interval()).isEqualTo("P14M");
        Aggregation exact = Aggregation.of("sum", "P1DT12H");
        assertThat(exact.exact()).isEqualTo(Duration.ofHours(36));
        assertThat(exact.interval()).isEqualTo("PT36H");
        assertThat(Aggregation.of("sum", null).wholeRange()).isTrue();
        assertThat(Aggregation.of("sum", "PT0S").wholeRange()).as("a zero period is the whole range").isTrue();
        assertThat(Aggregation.of("avg,avg,max", null).methods()).containsExactly(AggregateMethod.AVG, AggregateMethod.MAX);
        refused(() -> Aggregation.of(null, "PT1H"), "aggrMethods");
        refused(() -> Aggregation.of("sum", "P1MT1H"), "not both");
    }

    @Test
    void onlyTheCountsAreWholeNumbers() {
        assertThat(AggregateMethod.of("totalCount").counts()).isTrue();
        assertThat(AggregateMethod.of("distinctCount").counts()).isTrue();
        assertThat(AggregateMethod.of("avg").counts()).isFalse();
    }

    private static void refused(Runnable parse, String mentions) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(NgsiLdException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA);
            assertThat(e.detail()).contains(mentions);
        });
    }
}
