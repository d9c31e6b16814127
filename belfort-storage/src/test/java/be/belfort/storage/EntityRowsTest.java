package be.belfort.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import be.belfort.model.Entity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class EntityRowsTest {

    @Test
    void arrayLiteralsQuoteEveryElement() {
        assertThat(EntityRows.arrayLiteral(List.of("https://example.org/A", "b,c")))
                .isEqualTo("{\"https://example.org/A\",\"b,c\"}");
        assertThat(EntityRows.arrayLiteral(List.of("say \"hi\"", "back\\slash", "{x}")))
                .isEqualTo("{\"say \\\"hi\\\"\",\"back\\\\slash\",\"{x}\"}");
    }

    @Test
    void theStoredAttributesAreTheEntitysInstancesAsJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode name = (ObjectNode) json.readTree("""
                {"type": "Property", "value": {"@value": "Sint-Pietersplein \u00e9\u20ac", "@language": "nl"}}""");
        ObjectNode spotsNow = (ObjectNode) json.readTree("""
                {"type": "Property", "value": 12.5, "observedAt": "2026-12-02T10:00:00Z", "datasetId": "urn:a"}""");
        ObjectNode spotsThen = (ObjectNode) json.readTree("""
                {"type": "Property", "value": [1, 2.0, null, true, {"deep": ["x"]}], "unitCode": "C62"}""");
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        attributes.put("https://example.org/name", List.of(name));
        attributes.put("https://example.org/spots", List.of(spotsNow, spotsThen));
        attributes.put("https://example.org/empty", List.of());
        Entity entity = new Entity("urn:x", List.of("https://example.org/Parking"), null, Instant.EPOCH, Instant.EPOCH,
                attributes);

        JsonNode stored = json.readTree(new EntityRows(json).attributesJson(entity));

        assertThat(stored).isEqualTo(json.createObjectNode()
                .<ObjectNode>set("https://example.org/name", json.createArrayNode().add(name))
                .<ObjectNode>set("https://example.org/spots", json.createArrayNode().add(spotsNow).add(spotsThen))
                .set("https://example.org/empty", json.createArrayNode()));
        assertThat(stored.fieldNames()).toIterable().containsExactly("https://example.org/name",
                "https://example.org/spots", "https://example.org/empty");
    }
}
