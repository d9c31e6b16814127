package be.belfort.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AttributeExpiryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPOTS = "https://example.org/availableSpotNumber";
    private static final String OCCUPANCY = "https://example.org/occupancy";
    private static final Instant CREATED = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant EXPIRY = Instant.parse("2026-11-22T10:30:00Z");
    private static final Instant LATER = Instant.parse("2026-11-22T11:00:00Z");

    private static ObjectNode instance(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Spots expire at EXPIRY; occupancy has a default instance that stays and an estimate that expires later. */
    private static Entity parking() {
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        attributes.put(SPOTS, new ArrayList<>(List.of(instance(
                "{\"type\":\"Property\",\"value\":3,\"expiresAt\":\"" + EXPIRY + "\"}"))));
        attributes.put(OCCUPANCY, new ArrayList<>(List.of(instance("{\"type\":\"Property\",\"value\":0.5}"),
                instance("{\"type\":\"Property\",\"value\":0.9,\"datasetId\":\"urn:ngsi-ld:Dataset:estimate\","
                        + "\"expiresAt\":\"" + LATER + "\"}"))));
        return new Entity("urn:ngsi-ld:Parking:1", List.of("https://example.org/Parking"), null, CREATED, CREATED,
                attributes);
    }

    @Test
    void theEarliestExpiryIsWhatTheStoreIndexes() {
        assertThat(AttributeExpiry.earliest(parking())).isEqualTo(EXPIRY);
        Entity none = parking();
        none.attributes().remove(SPOTS);
        none.attributes().get(OCCUPANCY).remove(1);
        assertThat(AttributeExpiry.earliest(none)).isNull();
    }

    @Test
    void hidingLeavesOutExpiredInstancesOnlyAndRecordsNothing() {
        Entity before = AttributeExpiry.hideExpired(parking(), EXPIRY.minusMillis(1));
        assertThat(before.attributes()).containsOnlyKeys(SPOTS, OCCUPANCY);

        Entity at = AttributeExpiry.hideExpired(parking(), EXPIRY);
        assertThat(at.attributes()).containsOnlyKeys(OCCUPANCY);
        assertThat(at.attributes().get(OCCUPANCY)).hasSize(2);
        assertThat(at.deletions()).isEmpty();

        Entity later = AttributeExpiry.hideExpired(parking(), LATER);
        assertThat(later.attributes().get(OCCUPANCY)).hasSize(1);
        assertThat(later.attributes().get(OCCUPANCY).get(0).get("value").asDouble()).isEqualTo(0.5);
    }

    @Test
    void deletingRecordsEachExpiredInstanceAsDeleteAttributeDoes() {
        Entity entity = parking();
        assertThat(AttributeExpiry.deleteExpired(entity, LATER)).isTrue();

        assertThat(entity.attributes()).containsOnlyKeys(OCCUPANCY);
        assertThat(entity.attributes().get(OCCUPANCY)).hasSize(1);
        assertThat(entity.deletions()).extracting(History.Written::attribute).containsExactly(SPOTS, OCCUPANCY);
        assertThat(entity.modifiedAt()).isEqualTo(LATER);
        assertThat(AttributeExpiry.deleteExpired(entity, LATER)).as("nothing left to delete").isFalse();
    }
}
