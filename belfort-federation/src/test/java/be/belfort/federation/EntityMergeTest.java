package be.belfort.federation;

import be.belfort.model.Entity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EntityMergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPOTS = "https://example.org/spots";
    private static final String NAME = "https://example.org/name";

    private static ObjectNode instance(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Entity entity(String type, Map<String, List<ObjectNode>> attributes) {
        return new Entity("urn:ngsi-ld:Parking:1", List.of(type), null, null, null, attributes);
    }

    private static Map<String, List<ObjectNode>> attributes(String name, String... instances) {
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        attributes.put(name, java.util.Arrays.stream(instances).map(EntityMergeTest::instance).toList());
        return attributes;
    }

    @Test
    void theMostRecentObservationOfTheSameDatasetWinsAndTypesAreJoined() {
        EntityMerge merge = new EntityMerge();
        merge.add(List.of(entity("A", attributes(SPOTS,
                "{\"type\": \"Property\", \"value\": 1, \"observedAt\": \"2026-01-01T10:00:00Z\"}",
                "{\"type\": \"Property\", \"value\": 100, \"datasetId\": \"urn:d:1\", \"observedAt\": \"2026-01-01T12:00:00Z\"}"))),
                false);
        merge.add(List.of(entity("B", attributes(SPOTS,
                "{\"type\": \"Property\", \"value\": 2, \"observedAt\": \"2026-01-01T11:00:00+01:00\"}",
                "{\"type\": \"Property\", \"value\": 200, \"datasetId\": \"urn:d:1\", \"observedAt\": \"2026-01-01T11:00:00Z\"}",
                "{\"type\": \"Property\", \"value\": 300, \"datasetId\": \"urn:d:2\"}"))), false);

        Entity merged = merge.merged().get("urn:ngsi-ld:Parking:1");
        assertThat(merged.types()).containsExactly("A", "B");
        assertThat(merged.attributes().get(SPOTS)).extracting(node -> node.get("value").asInt())
                .as("10:00Z beats 11:00+01:00 (= 10:00Z, not later); the first source keeps a tie; urn:d:1 keeps 12:00;"
                        + " urn:d:2 is new").containsExactly(1, 100, 300);
    }

    @Test
    void aLaterObservationReplacesAnEarlierOrMissingOne() {
        EntityMerge merge = new EntityMerge();
        merge.add(List.of(entity("A", attributes(SPOTS, "{\"type\": \"Property\", \"value\": 1}"))), false);
        merge.add(List.of(entity("A", attributes(SPOTS,
                "{\"type\": \"Property\", \"value\": 2, \"observedAt\": \"2026-01-01T10:00:00Z\"}"))), false);
        assertThat(merge.merged().get("urn:ngsi-ld:Parking:1").attributes().get(SPOTS).getFirst().get("value").asInt())
                .isEqualTo(2);
    }

    @Test
    void anAuxiliarySourceOnlyAddsWhatNoOtherSourceHas() {
        EntityMerge merge = new EntityMerge();
        merge.add(List.of(entity("A", attributes(SPOTS, "{\"type\": \"Property\", \"value\": 1}"))), false);
        Map<String, List<ObjectNode>> auxiliary = attributes(SPOTS,
                "{\"type\": \"Property\", \"value\": 9, \"observedAt\": \"2030-01-01T00:00:00Z\"}");
        auxiliary.put(NAME, List.of(instance("{\"type\": \"Property\", \"value\": \"Station\"}")));
        merge.add(List.of(entity("A", auxiliary)), true);

        Entity merged = merge.merged().get("urn:ngsi-ld:Parking:1");
        assertThat(merged.attributes().get(SPOTS).getFirst().get("value").asInt()).isEqualTo(1);
        assertThat(merged.attributes().get(NAME).getFirst().get("value").asText()).isEqualTo("Station");
    }
}
