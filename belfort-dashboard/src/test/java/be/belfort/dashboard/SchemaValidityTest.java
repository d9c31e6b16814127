package be.belfort.dashboard;

import be.belfort.datamodels.DataModels;
import be.belfort.model.Entity;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Stored entities (expanded) checked against their model's schema, as the quality page and the datapedia do. */
class SchemaValidityTest {
    private static final String VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static final UnaryOperator<String> COMPACT = iri -> iri.startsWith(VOCAB) ? iri.substring(VOCAB.length())
            : iri.equals("https://uri.etsi.org/ngsi-ld/location") ? "location" : iri;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void countsTheValidEntitiesAndKeepsTheFirstProblemOfTheOthers() {
        Entity valid = parking("urn:ngsi-ld:OffStreetParking:ok", 12);
        Entity negative = parking("urn:ngsi-ld:OffStreetParking:negative", -5);
        Entity nowhere = parking("urn:ngsi-ld:OffStreetParking:nowhere", 3);
        nowhere.attributes().remove("https://uri.etsi.org/ngsi-ld/location");

        SchemaValidity validity = SchemaValidity.of(DataModels.bundled(), "OffStreetParking",
                List.of(valid, negative, nowhere), COMPACT);

        assertThat(validity.checked()).isEqualTo(3);
        assertThat(validity.valid()).isEqualTo(1);
        assertThat(validity.share()).isEqualTo(1.0 / 3);
        assertThat(validity.invalid()).extracting(SchemaValidity.Invalid::id)
                .containsExactly("urn:ngsi-ld:OffStreetParking:negative", "urn:ngsi-ld:OffStreetParking:nowhere");
        assertThat(validity.invalid().get(0).first().path()).isEqualTo("availableSpotNumber");
        assertThat(validity.invalid().get(1).first().path()).isEqualTo("location");
    }

    @Test
    void aTypeWithoutASchemaHasNoValidity() {
        assertThat(SchemaValidity.of(DataModels.bundled(), "BenchThing", List.of(), COMPACT)).isNull();
        assertThat(SchemaValidity.of(DataModels.bundled(), "WeatherObserved", List.of(), COMPACT)).isNull();
    }

    private static Entity parking(String id, int available) {
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        attributes.put(VOCAB + "availableSpotNumber", List.of(property(NODES.numberNode(available))));
        ObjectNode point = NODES.objectNode().put("type", "Point");
        point.putArray("coordinates").add(3.72).add(51.05);
        ObjectNode location = NODES.objectNode().put("type", "GeoProperty");
        location.set("value", point);
        attributes.put("https://uri.etsi.org/ngsi-ld/location", List.of(location));
        ObjectNode observed = property(NODES.objectNode().put("@type", "DateTime").put("@value", "2026-12-02T05:00:00Z"));
        attributes.put(VOCAB + "occupancyModified", List.of(observed));
        return new Entity(id, List.of(VOCAB + "OffStreetParking"), null, Instant.EPOCH, Instant.EPOCH, attributes);
    }

    private static ObjectNode property(com.fasterxml.jackson.databind.JsonNode value) {
        ObjectNode property = NODES.objectNode().put("type", "Property");
        property.set("value", value);
        return property;
    }
}
