package be.belfort.temporal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts each attribute's aggregated periods to what one answer holds (the earliest first), and keeps the time range
 * for which every cut series is complete: from the earliest start of a cut series to the earliest end of its last
 * period kept.
 */
final class PeriodPage {
    private final int max;
    private final CoveredRange covered = new CoveredRange();

    PeriodPage(int max) {
        this.max = max;
    }

    /** The periods of one entity, in attribute and period order, cut to {@link #max} per attribute. */
    List<AggregatedPeriod> cut(List<AggregatedPeriod> periods) {
        if (periods.size() <= max) {
            return periods;
        }
        Map<String, List<AggregatedPeriod>> byAttribute = new LinkedHashMap<>();
        periods.forEach(period -> byAttribute.computeIfAbsent(period.attribute(), a -> new ArrayList<>()).add(period));
        List<AggregatedPeriod> kept = new ArrayList<>();
        byAttribute.forEach((attribute, series) -> {
            if (series.size() <= max) {
                kept.addAll(series);
                return;
            }
            List<AggregatedPeriod> page = series.subList(0, max);
            kept.addAll(page);
            covered.cutAfter(page.get(0).start(), page.get(page.size() - 1).end());
        });
        return kept;
    }

    /** Null when no series was cut. */
    Instant start() {
        return covered.start();
    }

    /** Null when no series was cut. */
    Instant end() {
        return covered.end();
    }
}
