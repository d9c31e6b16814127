package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How one value becomes an NGSI-LD attribute under its mapping (before expansion). */
class MeasureMappingTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static ObjectNode map(String type, JsonNode value) {
        return MeasureMapper.instance(new AttributeMapping("k", "name", type, null, null, null), value);
    }

    @Test
    void numbersComeFromJsonNumbersOrTextAndAreScaled() {
        assertThat(map("Number", NODES.textNode("21.5")).path("value").asDouble()).isEqualTo(21.5);
        assertThat(map("Integer", NODES.numberNode(40)).path("value").isIntegralNumber()).isTrue();
        ObjectNode scaled = MeasureMapper.instance(new AttributeMapping("n", "no2", "Number", "GQ", 0.5, -1.0),
                NODES.numberNode(10));
        assertThat(scaled.path("value").asDouble()).isEqualTo(4.0);
        assertThat(scaled.path("unitCode").asText()).isEqualTo("GQ");
        assertThat(scaled.path("type").asText()).isEqualTo("Property");
    }

    @Test
    void valuesThatDoNotFitTheirTypeAreRefusedWithTheReason() {
        assertThatThrownBy(() -> map("Number", NODES.textNode("warm"))).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("expected a number");
        assertThatThrownBy(() -> map("Integer", NODES.numberNode(4.5))).hasMessageContaining("expected an integer");
        assertThatThrownBy(() -> map("Boolean", NODES.textNode("yes"))).hasMessageContaining("true or false");
        assertThatThrownBy(() -> map("Text", NODES.objectNode())).hasMessageContaining("expected text");
        assertThatThrownBy(() -> map("geo:point", NODES.textNode("51.0"))).hasMessageContaining("latitude, longitude");
        assertThatThrownBy(() -> map("Relationship", NODES.numberNode(1))).hasMessageContaining("entity id");
        assertThatThrownBy(() -> map("DateTime", NODES.textNode("yesterday"))).hasMessageContaining("date-time");
    }

    @Test
    void theIotAgentTypesBecomeTheirNgsiLdAttributeTypes() {
        ObjectNode point = map("geo:point", NODES.textNode("51.05, 3.72"));
        assertThat(point.path("type").asText()).isEqualTo("GeoProperty");
        assertThat(point.path("value").path("coordinates").toString()).isEqualTo("[3.72,51.05]");
        assertThat(map("Relationship", NODES.textNode("urn:ngsi-ld:Building:1")).path("object").asText())
                .isEqualTo("urn:ngsi-ld:Building:1");
        assertThat(map("DateTime", NODES.textNode("2026-12-01T11:00:00+01:00")).path("value").path("@value").asText())
                .isEqualTo("2026-12-01T10:00:00Z");
        assertThat(map("Boolean", NODES.textNode("false")).path("value").asBoolean()).isFalse();
        assertThat(map("Text", NODES.numberNode(7)).path("value").asText()).isEqualTo("7");
        assertThat(map("Property", NODES.objectNode().put("a", 1)).path("value").path("a").asInt()).isEqualTo(1);
    }
}
