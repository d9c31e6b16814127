package be.belfort.temporal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** How a temporal answer is cut to what one answer holds, and which time range it then covers completely. */
class InstancePageTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static List<RecordedInstance> series(String attribute, int count, int minutesApart) {
        List<RecordedInstance> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode instance = JsonNodeFactory.instance.objectNode();
            instance.put("value", i);
            instance.put("observedAt", T0.plusSeconds(60L * minutesApart * i).toString());
            instances.add(new RecordedInstance(attribute, UUID.randomUUID(), instance));
        }
        return instances;
    }

    @Test
    void seriesWithinTheLimitAreKeptWholeAndTheAnswerIsComplete() {
        InstancePage page = new InstancePage(TemporalQuery.TimeProperty.OBSERVED_AT, 5, false);
        List<RecordedInstance> all = new ArrayList<>(series("speed", 3, 1));
        all.addAll(series("noise", 5, 1));
        assertThat(page.cut(all)).hasSize(8);
        assertThat(page.end()).as("complete").isNull();
    }

    @Test
    void forwardsTheRangeEndsAtTheEarliestCutOfAnySeries() {
        InstancePage page = new InstancePage(TemporalQuery.TimeProperty.OBSERVED_AT, 3, false);
        List<RecordedInstance> all = new ArrayList<>(series("speed", 4, 1));   // cut after minute 2
        all.addAll(series("noise", 10, 10));                                  // cut after minute 20
        List<RecordedInstance> kept = page.cut(all);
        assertThat(kept).hasSize(6);
        assertThat(page.start()).isEqualTo(T0);
        assertThat(page.end()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void lastNCappedCountsAFullSeriesAsPartialAndTheRangeStartsAtTheLatestFirst() {
        InstancePage page = new InstancePage(TemporalQuery.TimeProperty.OBSERVED_AT, 3, true);
        List<RecordedInstance> all = new ArrayList<>(series("speed", 3, 1));
        all.addAll(series("noise", 3, 10));
        page.cut(all);
        assertThat(page.start()).as("the later of the series' first instances").isEqualTo(T0);
        assertThat(page.end()).as("the later of the series' last instances").isEqualTo(T0.plusSeconds(1200));
    }
}
