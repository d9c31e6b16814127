package be.belfort.dashboard;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartWindowTest {
    @Test
    void chosenDaysRunFromTheStartOfTheFirstToTheEndOfTheLastInBrusselsTime() {
        ChartWindow window = ChartWindow.days("2026-11-01", "2026-11-30");
        assertThat(window.from()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
        assertThat(window.to()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
        assertThat(window.period()).isEqualTo(Duration.ofHours(2));
        assertThat(window.code()).isEqualTo("2026-11-01_2026-11-30");
        assertThat(ChartWindow.days("2026-12-01", "2026-12-01").period()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aChartNeverHasMoreThanItsPointsHowLongTheRangeIs() {
        for (ChartWindow window : new ChartWindow[] {ChartWindow.days("2026-01-01", "2026-12-31"),
                ChartWindow.days("2022-01-01", "2026-12-31"), ChartWindow.days("2026-06-01", "2026-06-07")}) {
            assertThat(Duration.between(window.from(), window.to()).dividedBy(window.period()))
                    .isLessThanOrEqualTo(ChartWindow.MAX_POINTS);
        }
        ChartWindow year = ChartWindow.last(HistoryRange.YEAR, Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(Duration.between(year.from(), year.to()).dividedBy(year.period())).isEqualTo(365);
    }

    @Test
    void daysThatMakeNoRangeSayWhy() {
        assertThatThrownBy(() -> ChartWindow.days("2026-12-01", "2026-11-01"))
                .isInstanceOfSatisfying(ChartWindow.InvalidRange.class, e -> assertThat(e.key()).isEqualTo("range.reversed"));
        assertThatThrownBy(() -> ChartWindow.days("2026-13-01", "2026-12-01"))
                .isInstanceOfSatisfying(ChartWindow.InvalidRange.class, e -> assertThat(e.key()).isEqualTo("range.invalidDate"));
        assertThatThrownBy(() -> ChartWindow.days("<script>", "2026-12-01"))
                .isInstanceOfSatisfying(ChartWindow.InvalidRange.class, e -> assertThat(e.key()).isEqualTo("range.invalidDate"));
        assertThatThrownBy(() -> ChartWindow.days("2026-12-01", null))
                .isInstanceOfSatisfying(ChartWindow.InvalidRange.class, e -> assertThat(e.key()).isEqualTo("range.missing"));
        assertThatThrownBy(() -> ChartWindow.days("2000-01-01", "2026-12-01"))
                .isInstanceOfSatisfying(ChartWindow.InvalidRange.class, e -> assertThat(e.key()).isEqualTo("range.tooLong"));
    }

    @Test
    void aRangeUpToNowStartsOnItsPeriodsGridFromMidnightInBrusselsAndKnowsItsWholePastPeriods() {
        Instant now = Instant.parse("2026-12-01T10:17:23Z");
        ChartWindow year = ChartWindow.last(HistoryRange.YEAR, now);
        // Midnight in Brussels is 23:00 UTC in winter: the days of the chart start there, a year back.
        assertThat(year.from()).isEqualTo(Instant.parse("2025-11-30T23:00:00Z"));
        assertThat(year.wholePeriodsUntil(now)).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
        assertThat(ChartWindow.last(HistoryRange.YEAR, now.plusSeconds(60)).from()).isEqualTo(year.from());
        ChartWindow day = ChartWindow.last(HistoryRange.DAY, now);
        assertThat(day.from()).isEqualTo(Instant.parse("2026-11-30T10:15:00Z"));
        assertThat(day.wholePeriodsUntil(now)).isEqualTo(Instant.parse("2026-12-01T10:15:00Z"));
        // Chosen days in the past are over entirely.
        ChartWindow chosen = ChartWindow.days("2026-11-01", "2026-11-02");
        assertThat(chosen.wholePeriodsUntil(now)).isEqualTo(chosen.to());
    }
}
