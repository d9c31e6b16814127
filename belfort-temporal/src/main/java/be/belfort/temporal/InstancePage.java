package be.belfort.temporal;

import be.belfort.model.Members;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts each attribute's instances to what one answer holds, and keeps the time range for which every cut series is
 * complete: forwards up to the earliest cut, backwards (lastN) from the latest.
 */
final class InstancePage {
    private final TemporalQuery.TimeProperty timeProperty;
    private final int max;
    private final boolean lastNCapped;
    private final CoveredRange covered = new CoveredRange();

    /** @param lastNCapped lastN asked for more instances than one answer holds, so a full series may have more */
    InstancePage(TemporalQuery.TimeProperty timeProperty, int max, boolean lastNCapped) {
        this.timeProperty = timeProperty;
        this.max = max;
        this.lastNCapped = lastNCapped;
    }

    List<RecordedInstance> cut(List<RecordedInstance> instances) {
        Map<String, List<RecordedInstance>> byAttribute = new LinkedHashMap<>();
        instances.forEach(instance -> byAttribute.computeIfAbsent(instance.attribute(), a -> new ArrayList<>())
                .add(instance));
        List<RecordedInstance> kept = new ArrayList<>();
        byAttribute.forEach((attribute, series) -> {
            boolean more = series.size() > max || (lastNCapped && series.size() == max);
            List<RecordedInstance> page = series.size() > max ? series.subList(0, max) : series;
            kept.addAll(page);
            if (more && !page.isEmpty()) {
                Instant first = at(page.get(0));
                Instant last = at(page.get(page.size() - 1));
                if (lastNCapped) {
                    covered.cutBefore(first, last);
                } else {
                    covered.cutAfter(first, last);
                }
            }
        });
        return kept;
    }

    Instant start() {
        return covered.start();
    }

    Instant end() {
        return covered.end();
    }

    private Instant at(RecordedInstance instance) {
        JsonNode time = instance.instance().get(timeProperty.parameterName());
        if (time == null) {
            time = instance.instance().get(Members.MODIFIED_AT);
        }
        return OffsetDateTime.parse(time.asText()).toInstant();
    }
}
