package be.belfort.dashboard;

import be.belfort.model.Entity;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The small computations behind the data quality page. */
class DataQualityFiguresTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String EU = "http://publications.europa.eu/resource/authority/frequency/";

    @Test
    void aFrequencyAllowsTwiceItsIntervalAndAContinuousDatasetAnHour() {
        assertThat(UpdateFrequency.allowedAge(EU + "DAILY")).isEqualTo(Duration.ofDays(2));
        assertThat(UpdateFrequency.allowedAge(EU + "HOURLY")).isEqualTo(Duration.ofHours(2));
        assertThat(UpdateFrequency.allowedAge(EU + "CONT")).isEqualTo(Duration.ofHours(1));
        assertThat(UpdateFrequency.allowedAge(EU + "CONTINUOUS")).isEqualTo(Duration.ofHours(1));
        assertThat(UpdateFrequency.allowedAge(EU + "IRREG")).isNull();
        assertThat(UpdateFrequency.allowedAge(null)).isNull();
    }

    @Test
    void entitiesOlderThanTheFrequencyAllowsAreStaleOldestFirst() {
        Freshness freshness = Freshness.of(Duration.ofHours(1), List.of(
                new Freshness.Observed("a", "A", NOW.minusSeconds(60)),
                new Freshness.Observed("b", "B", NOW.minus(Duration.ofHours(3))),
                new Freshness.Observed("c", "C", null),
                new Freshness.Observed("d", "D", NOW.minus(Duration.ofHours(2)))), NOW);
        assertThat(freshness.newest()).isEqualTo(NOW.minusSeconds(60));
        assertThat(freshness.stale()).extracting(Freshness.Observed::id).containsExactly("c", "b", "d");
        assertThat(freshness.late(NOW)).isFalse();
        assertThat(freshness.late(NOW.plus(Duration.ofHours(2)))).isTrue();
    }

    @Test
    void withoutAPromisedFrequencyNothingIsStale() {
        Freshness freshness = Freshness.of(null, List.of(new Freshness.Observed("a", "A", Instant.EPOCH)), NOW);
        assertThat(freshness.stale()).isEmpty();
        assertThat(freshness.late(NOW)).isFalse();
        // A dataset without entities yet is not late either.
        assertThat(Freshness.of(Duration.ofHours(1), List.of(), NOW).late(NOW)).isFalse();
    }

    @Test
    void completenessCountsTheEntitiesLackingEachExpectedAttribute() {
        Completeness completeness = Completeness.of(List.of("name", "location", "status"),
                List.of(Set.of("name", "location", "status"), Set.of("name"), Set.of("name", "location", "extra")));
        assertThat(completeness.missing()).containsExactly(Map.entry("location", 1), Map.entry("status", 2));
        assertThat(completeness.complete()).containsExactly("name");
        assertThat(completeness.share()).isEqualTo(6.0 / 9);
        assertThat(Completeness.of(List.of(), List.of(Set.of("x"))).share()).isEqualTo(1.0);
        assertThat(ModelAttributes.of("OffStreetParking")).contains("availableSpotNumber", "location");
        assertThat(ModelAttributes.of("Unknown")).isEmpty();
    }

    @Test
    void historyDepthIsTheOldestValueAndHowManyThereAre() {
        HistoryDepth depth = HistoryDepth.of(List.of(new HistoryDepth.Recorded(NOW.minus(Duration.ofDays(90)), 100),
                new HistoryDepth.Recorded(NOW.minus(Duration.ofDays(3)), 5), new HistoryDepth.Recorded(null, 0)));
        assertThat(depth.oldest()).isEqualTo(NOW.minus(Duration.ofDays(90)));
        assertThat(depth.values()).isEqualTo(105);
        assertThat(depth.recorded()).isEqualTo(2);
        assertThat(depth.days(NOW)).isEqualTo(90);
        assertThat(HistoryDepth.of(List.of()).days(NOW)).isZero();
    }

    @Test
    void theNewestObservationIsTheLatestObservedAtElseTheLastChange() {
        ObjectNode older = JsonNodeFactory.instance.objectNode().put("type", "Property").put("value", 1)
                .put("observedAt", "2026-11-30T10:00:00Z");
        ObjectNode newer = JsonNodeFactory.instance.objectNode().put("type", "Property").put("value", 2)
                .put("observedAt", "2026-12-01T10:00:00Z");
        Entity observed = new Entity("urn:x", List.of("T"), null, Instant.EPOCH, NOW,
                Map.of("a", List.of(older), "b", List.of(newer)));
        assertThat(DataQuality.newestObservation(observed)).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        Entity unobserved = new Entity("urn:y", List.of("T"), null, Instant.EPOCH, NOW,
                Map.of("a", List.of(JsonNodeFactory.instance.objectNode().put("type", "Property").put("value", 1))));
        assertThat(DataQuality.newestObservation(unobserved)).isEqualTo(NOW);
    }
}
