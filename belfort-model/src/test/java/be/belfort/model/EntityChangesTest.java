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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntityChangesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPOTS = "https://example.org/availableSpotNumber";
    private static final String NAME = "https://example.org/name";
    private static final Instant CREATED = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-22T11:00:00Z");

    @Test
    void appendAddsNewAttributesAndOverwritesExistingOnesKeepingTheirCreationTime() {
        Entity entity = parking(120);
        UpdateResult result = EntityChanges.append(entity, attrs(SPOTS, instance("{\"type\":\"Property\",\"value\":99}"),
                NAME, instance("{\"type\":\"Property\",\"value\":\"P1\"}")), false, LATER);

        assertThat(result.updated()).containsExactly(SPOTS, NAME);
        assertThat(result.notUpdated()).isEmpty();
        ObjectNode spots = entity.attributes().get(SPOTS).get(0);
        assertThat(spots.get("value").asInt()).isEqualTo(99);
        assertThat(spots.get("createdAt").asText()).isEqualTo(CREATED.toString());
        assertThat(spots.get("modifiedAt").asText()).isEqualTo(LATER.toString());
        assertThat(entity.modifiedAt()).isEqualTo(LATER);
    }

    @Test
    void appendWithNoOverwriteLeavesExistingAttributesAndSaysSo() {
        Entity entity = parking(120);
        UpdateResult result = EntityChanges.append(entity, attrs(SPOTS, instance("{\"type\":\"Property\",\"value\":99}")),
                true, LATER);

        assertThat(result.updated()).isEmpty();
        assertThat(result.notUpdated()).extracting(UpdateResult.NotUpdated::attributeName).containsExactly(SPOTS);
        assertThat(entity.attributes().get(SPOTS).get(0).get("value").asInt()).isEqualTo(120);
        assertThat(entity.modifiedAt()).isEqualTo(CREATED);
    }

    @Test
    void updateOnlyTouchesExistingInstancesOfTheSameDataset() {
        Entity entity = parking(120);
        UpdateResult result = EntityChanges.update(entity, attrs(
                SPOTS, instance("{\"type\":\"Property\",\"value\":5,\"datasetId\":\"urn:ngsi-ld:Dataset:b\"}"),
                NAME, instance("{\"type\":\"Property\",\"value\":\"x\"}")), null, LATER);

        assertThat(result.updated()).isEmpty();
        assertThat(result.notUpdated()).extracting(UpdateResult.NotUpdated::attributeName).containsExactly(SPOTS, NAME);
        assertThat(entity.attributes()).containsOnlyKeys(SPOTS);
    }

    @Test
    void partialUpdateMergesMembersAndKeepsTheRest() {
        Entity entity = parking(120);
        entity.attributes().get(SPOTS).get(0).put("unitCode", "C62");
        EntityChanges.partialUpdate(entity, SPOTS, instance("{\"value\":7,\"observedAt\":\"2026-11-22T11:00:00Z\"}"), LATER);

        ObjectNode spots = entity.attributes().get(SPOTS).get(0);
        assertThat(spots.get("value").asInt()).isEqualTo(7);
        assertThat(spots.get("unitCode").asText()).isEqualTo("C62");
        assertThat(spots.get("type").asText()).isEqualTo("Property");
        assertThat(spots.get("observedAt").asText()).isEqualTo("2026-11-22T11:00:00Z");
    }

    @Test
    void partialUpdateOfAMissingAttributeIsResourceNotFound() {
        assertThatThrownBy(() -> EntityChanges.partialUpdate(parking(1), NAME, instance("{\"value\":1}"), LATER))
                .isInstanceOfSatisfying(NgsiLdException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND));
    }

    @Test
    void mergeWithTheNgsiLdNullRemovesTheAttribute() {
        Entity entity = parking(120);
        Entity patch = new Entity(entity.id(), List.of(), null, null, null,
                attrs(SPOTS, instance("{\"type\":\"Property\",\"value\":\"urn:ngsi-ld:null\"}"),
                        NAME, instance("{\"type\":\"Property\",\"value\":\"P1\"}")));
        EntityChanges.merge(entity, patch, ScopePatch.of(patch.scopes()), LATER);

        assertThat(entity.attributes()).containsOnlyKeys(NAME);
    }

    @Test
    void deleteAttributeRemovesOneDatasetOrAll() {
        Entity entity = parking(120);
        entity.attributes().get(SPOTS).add(instance("{\"type\":\"Property\",\"value\":3,\"datasetId\":\"urn:ngsi-ld:Dataset:b\"}"));

        EntityChanges.deleteAttribute(entity, SPOTS, "urn:ngsi-ld:Dataset:b", false, LATER);
        assertThat(entity.attributes().get(SPOTS)).hasSize(1);
        EntityChanges.deleteAttribute(entity, SPOTS, null, true, LATER);
        assertThat(entity.attributes()).isEmpty();
        assertThatThrownBy(() -> EntityChanges.deleteAttribute(entity, SPOTS, null, false, LATER))
                .isInstanceOf(NgsiLdException.class);
    }

    @Test
    void replaceKeepsTheEntityCreationTimeAndDropsOldAttributes() {
        Entity existing = parking(120);
        Entity replacement = new Entity(existing.id(), List.of("https://example.org/Garage"), null, null, null,
                attrs(NAME, instance("{\"type\":\"Property\",\"value\":\"new\"}")));
        Entity result = EntityChanges.replace(existing, replacement, LATER);

        assertThat(result.createdAt()).isEqualTo(CREATED);
        assertThat(result.modifiedAt()).isEqualTo(LATER);
        assertThat(result.attributes()).containsOnlyKeys(NAME);
        assertThat(result.types()).containsExactly("https://example.org/Garage");
    }

    @Test
    void scopeIsAppendedUpdatedMergedAndDeletedLikeASingleAttribute() {
        Entity entity = parking(120);
        UpdateResult noScopeYet = EntityChanges.update(entity, Map.of(), new ScopePatch(List.of("/Gent")), LATER);
        assertThat(noScopeYet.notUpdated()).extracting(UpdateResult.NotUpdated::attributeName).containsExactly("scope");
        assertThat(entity.scopes()).isNull();

        EntityChanges.append(entity, Map.of(), new ScopePatch(List.of("/Gent")), false, LATER);
        assertThat(entity.scopes()).containsExactly("/Gent");
        UpdateResult kept = EntityChanges.append(entity, Map.of(), new ScopePatch(List.of("/Brugge")), true, LATER);
        assertThat(kept.notUpdated()).extracting(UpdateResult.NotUpdated::attributeName).containsExactly("scope");
        assertThat(entity.scopes()).containsExactly("/Gent");

        EntityChanges.update(entity, Map.of(), new ScopePatch(List.of("/Gent/Centrum", "/Gent/Zuid")), LATER);
        assertThat(entity.scopes()).containsExactly("/Gent/Centrum", "/Gent/Zuid");
        EntityChanges.update(entity, Map.of(), ScopePatch.DELETE, LATER);
        assertThat(entity.scopes()).isNull();

        EntityChanges.merge(entity, entity.copy(), new ScopePatch(List.of("/Leuven")), LATER);
        assertThat(entity.scopes()).containsExactly("/Leuven");
        EntityChanges.merge(entity, entity.copy(), null, LATER);
        assertThat(entity.scopes()).as("a fragment without scope leaves it").containsExactly("/Leuven");
        EntityChanges.deleteScope(entity, LATER);
        assertThat(entity.scopes()).isNull();
        assertThatThrownBy(() -> EntityChanges.deleteScope(entity, LATER)).isInstanceOf(NgsiLdException.class);
    }

    private static Entity parking(int spots) {
        Entity entity = new Entity("urn:ngsi-ld:OffStreetParking:1", List.of("https://example.org/OffStreetParking"),
                null, null, null, attrs(SPOTS, instance("{\"type\":\"Property\",\"value\":" + spots + "}")));
        EntityChanges.stampNew(entity, CREATED);
        return entity;
    }

    private static Map<String, List<ObjectNode>> attrs(Object... nameAndInstance) {
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        for (int i = 0; i < nameAndInstance.length; i += 2) {
            attributes.computeIfAbsent((String) nameAndInstance[i], k -> new ArrayList<>())
                    .add((ObjectNode) nameAndInstance[i + 1]);
        }
        return attributes;
    }

    private static ObjectNode instance(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
