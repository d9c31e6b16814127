package be.belfort.datamodels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class KeyValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theNormalizedExampleBecomesTheKeyValuesExample() throws IOException {
        // The one model whose two published examples describe the same entity.
        ObjectNode normalized = DataModelsTest.example("ParkingSpot", "example-normalized.jsonld");
        ObjectNode keyValues = DataModelsTest.example("ParkingSpot", "example.jsonld");
        keyValues.remove("@context");

        assertThat(KeyValues.of(normalized)).isEqualTo(keyValues);
    }

    @Test
    void multiAttributesTypedLiteralsAndOtherAttributeTypesGiveTheirValue() throws IOException {
        ObjectNode entity = (ObjectNode) JSON.readTree("""
                {"id": "urn:x", "type": "Thing", "createdAt": "2026-01-01T00:00:00Z",
                 "speed": [{"type": "Property", "value": 3, "datasetId": "urn:radar"}, {"type": "Property", "value": 4}],
                 "seen": {"type": "Property", "value": {"@type": "DateTime", "@value": "2026-12-02T05:00:00Z"}},
                 "owner": {"type": "Relationship", "object": "urn:owner"},
                 "label": {"type": "LanguageProperty", "languageMap": {"nl": "fiets"}},
                 "kind": {"type": "VocabProperty", "vocab": "bike"},
                 "route": {"type": "ListProperty", "valueList": [1, 2]},
                 "concise": {"value": 7},
                 "place": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.7, 51.05]}}}
                """);

        assertThat(KeyValues.of(entity)).isEqualTo(JSON.readTree("""
                {"id": "urn:x", "type": "Thing", "speed": 4, "seen": "2026-12-02T05:00:00Z", "owner": "urn:owner",
                 "label": {"nl": "fiets"}, "kind": "bike", "route": [1, 2], "concise": 7,
                 "place": {"type": "Point", "coordinates": [3.7, 51.05]}}
                """));
    }
}
