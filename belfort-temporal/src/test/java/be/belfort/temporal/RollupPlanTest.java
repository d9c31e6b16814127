package be.belfort.temporal;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RollupPlanTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void theCoarsestGrainThatDividesThePeriodAndMeetsItsStartAnswers() {
        Instant midnight = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(RollupPlan.grain(hourly("PT1H"), midnight)).isEqualTo(HOUR);
        assertThat(RollupPlan.grain(hourly("P2D"), midnight)).isEqualTo(DAY);
        assertThat(RollupPlan.grain(hourly("P2D"), midnight.plusSeconds(3600))).as("days from 01:00").isEqualTo(HOUR);
        assertThat(RollupPlan.grain(hourly("PT90M"), midnight)).as("no grain makes up 90 minutes").isNull();
        assertThat(RollupPlan.grain(hourly("PT1H"), midnight.plusSeconds(1))).as("a start between hours").isNull();
        assertThat(RollupPlan.grain(hourly("PT1H"), midnight.plusMillis(60_000 + 1))).isNull();
        assertThat(RollupPlan.grain(Aggregation.of("avg", null), midnight.plusMillis(7))).as("one period: no boundary")
                .isEqualTo(DAY);
    }

    @Test
    void calendarPeriodsTimesOtherThanObservationAndDistinctCountGoToTheInstances() {
        assertThat(RollupPlan.applies(TemporalQuery.ALL, hourly("PT1H"))).isTrue();
        assertThat(RollupPlan.applies(TemporalQuery.ALL, hourly("P1M"))).isFalse();
        assertThat(RollupPlan.applies(TemporalQuery.ALL, hourly("PT90S"))).isFalse();
        assertThat(RollupPlan.applies(TemporalQuery.ALL, Aggregation.of("avg,distinctCount", "PT1H"))).isFalse();
        assertThat(RollupPlan.applies(new TemporalQuery(null, null, null, TemporalQuery.TimeProperty.MODIFIED_AT, null),
                hourly("PT1H"))).isFalse();
    }

    @Test
    void wholeBucketsComeFromTheRollupsAndTheWindowsEdgesFromTheInstances() {
        Instant from = Instant.parse("2025-01-01T10:20:00Z");
        Instant to = Instant.parse("2025-01-03T05:00:30Z");
        RollupPlan.Cover cover = RollupPlan.cover(between(from, to), DAY);
        assertThat(cover.buckets()).isEqualTo(new RollupPlan.Range(Instant.parse("2025-01-02T00:00:00Z"),
                Instant.parse("2025-01-03T00:00:00Z")));
        assertThat(cover.instances()).containsExactly(new RollupPlan.Range(from, Instant.parse("2025-01-02T00:00:00Z")),
                new RollupPlan.Range(Instant.parse("2025-01-03T00:00:00Z"), to));
        assertThat(RollupPlan.cover(TemporalQuery.ALL, HOUR)).isEqualTo(new RollupPlan.Cover(
                new RollupPlan.Range(null, null), List.of()));
        RollupPlan.Cover inOneDay = RollupPlan.cover(between(from, from.plusSeconds(60)), DAY);
        assertThat(inOneDay.buckets()).as("no whole bucket").isNull();
        assertThat(inOneDay.instances()).containsExactly(new RollupPlan.Range(from, from.plusSeconds(60)));
        RollupPlan.Cover before = RollupPlan.cover(new TemporalQuery(TemporalQuery.TimeRelation.BEFORE, to, null,
                TemporalQuery.TimeProperty.OBSERVED_AT, null), HOUR);
        assertThat(before.buckets()).isEqualTo(new RollupPlan.Range(null, Instant.parse("2025-01-03T05:00:00Z")));
        assertThat(before.instances()).containsExactly(new RollupPlan.Range(Instant.parse("2025-01-03T05:00:00Z"), to));
    }

    @Test
    void momentsGiveEveryMethodRoundedOnceFromExactSums() {
        // 0.1, 0.2, 0.3: in doubles added one by one the sum is 0.6000000000000001
        Moments moments = new Moments(4, 3, new BigDecimal("0.6"), new BigDecimal("0.14"), 0.1, 0.3);
        assertThat(moments.value(AggregateMethod.TOTAL_COUNT)).isEqualTo(4.0);
        assertThat(moments.value(AggregateMethod.SUM)).isEqualTo(0.6);
        assertThat(moments.value(AggregateMethod.AVG)).isEqualTo(0.2);
        assertThat(moments.value(AggregateMethod.SUMSQ)).isEqualTo(0.14);
        assertThat(moments.value(AggregateMethod.STDDEV)).as("sample deviation").isEqualTo(0.1);
        assertThat(moments.value(AggregateMethod.MIN)).isEqualTo(0.1);
        Moments one = new Moments(1, 1, BigDecimal.TEN, BigDecimal.valueOf(100), 10.0, 10.0);
        assertThat(one.value(AggregateMethod.STDDEV)).isNull();
        Moments text = new Moments(2, 0, null, null, null, null);
        assertThat(text.value(AggregateMethod.AVG)).isNull();
        assertThat(text.value(AggregateMethod.TOTAL_COUNT)).isEqualTo(2.0);
        Moments huge = new Moments(2, 2, new BigDecimal("2e308"), new BigDecimal("2e616"), 1e308, 1e308);
        assertThat(huge.value(AggregateMethod.SUM)).as("beyond a double").isNull();
        assertThat(huge.value(AggregateMethod.AVG)).isEqualTo(1e308);
        assertThat(huge.value(AggregateMethod.STDDEV)).isEqualTo(0.0);
        assertThatThrownBy(() -> huge.value(AggregateMethod.DISTINCT_COUNT)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Aggregation hourly(String period) {
        return Aggregation.of("avg,min,max", period);
    }

    private static TemporalQuery between(Instant from, Instant to) {
        return new TemporalQuery(TemporalQuery.TimeRelation.BETWEEN, from, to, TemporalQuery.TimeProperty.OBSERVED_AT, null);
    }
}
