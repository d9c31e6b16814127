package be.belfort.temporal;

import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The temporal parameters are read with java.time and held to ranges the database can store. */
class TemporalParametersTest {

    private static void refused(Runnable parse, String mentions) {
        assertThatThrownBy(parse::run).isInstanceOf(NgsiLdException.class)
                .satisfies(e -> {
                    assertThat(((NgsiLdException) e).type().shortName()).isEqualTo("BadRequestData");
                    assertThat(((NgsiLdException) e).detail()).contains(mentions);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"+294277-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "-9999-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00"})
    void timesOutsideTheYears1To9999AreRefused(String time) {
        refused(() -> TemporalQuery.of("after", time, null, null, null), "between the years 1 and 9999");
        refused(() -> TemporalQuery.of("between", "2024-01-01T00:00:00Z", time, null, null), "between the years");
    }

    @Test
    void theEdgesOfTheRangeAreTaken() {
        TemporalQuery query = TemporalQuery.of("between", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", null, null);
        assertThat(query.timeAt()).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {",", ",,", "avg,", ",avg", "avg,,max", " ", "median"})
    void aggregationMethodsAreListedWithoutEmptyOrUnknownOnes(String methods) {
        refused(() -> Aggregation.of(methods, null), "aggr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"P1000000000Y", "PT9223372036854775807S", "P2147483647D", "P1001Y", "P12001M",
            "P365251D", "PT8766001H", "P365250DT1S", "P-1D", "PT0.5S", "1 hour", "P1Y1D"})
    void aggregationPeriodsOutsideOneSecondTo1000YearsAreRefused(String duration) {
        refused(() -> Aggregation.of("avg", duration), "aggrPeriodDuration");
    }

    @Test
    void periodsUpTo1000YearsAreTaken() {
        assertThat(Aggregation.of("avg", "P1000Y").months()).isEqualTo(12_000);
        assertThat(Aggregation.of("avg", "P365250D").exact()).isEqualTo(Duration.ofDays(365_250));
        assertThat(Aggregation.of("avg", "PT1S").exact()).isEqualTo(Duration.ofSeconds(1));
        assertThat(Aggregation.of("avg,max", "PT1H").methods()).containsExactly(AggregateMethod.AVG, AggregateMethod.MAX);
    }
}
