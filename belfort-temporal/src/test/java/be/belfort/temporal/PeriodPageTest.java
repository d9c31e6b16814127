package be.belfort.temporal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodPageTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void seriesWithinTheShareAreWholeAndTheAnswerComplete() {
        PeriodPage page = new PeriodPage(3);
        assertThat(page.cut(series("a", "p", 0, 3))).hasSize(3);
        assertThat(page.start()).isNull();
        assertThat(page.end()).isNull();
    }

    @Test
    void theRangeEndsWhereTheEarliestCutSeriesEnds() {
        PeriodPage page = new PeriodPage(2);
        List<AggregatedPeriod> first = new ArrayList<>(series("a", "p", 0, 5));
        first.addAll(series("a", "q", 0, 1));
        assertThat(page.cut(first)).hasSize(3);
        // the second entity's series starts two hours earlier and is cut two hours earlier
        assertThat(page.cut(series("b", "p", -2, 4))).hasSize(2);
        assertThat(page.start()).isEqualTo(T0.minusSeconds(7200));
        assertThat(page.end()).isEqualTo(T0);
    }

    private static List<AggregatedPeriod> series(String entity, String attribute, int fromHour, int count) {
        List<AggregatedPeriod> periods = new ArrayList<>();
        for (int hour = fromHour; hour < fromHour + count; hour++) {
            periods.add(new AggregatedPeriod(entity, attribute, T0.plusSeconds(3600L * hour),
                    T0.plusSeconds(3600L * (hour + 1)), Map.of()));
        }
        return periods;
    }
}
