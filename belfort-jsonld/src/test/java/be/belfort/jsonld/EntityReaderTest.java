package be.belfort.jsonld;

import be.belfort.model.Entity;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntityReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT = "https://uri.etsi.org/ngsi-ld/default-context/";
    private final ContextResolver contexts = new ContextResolver(
            new ContextLoader(ContextCachesTest.NO_HOSTED, "/ngsi-ld/v1/jsonldContexts/", new RemoteContexts(Duration.ofSeconds(1), 10_000)), ContextLimits.DEFAULT);
    private final EntityReader reader = new EntityReader();
    private final EntityRenderer renderer = new EntityRenderer();

    @Test
    void coreTermsAndUnknownTermsExpandUnderTheCoreContext() {
        LdContext core = contexts.core();
        assertThat(core.expand("location")).isEqualTo("https://uri.etsi.org/ngsi-ld/location");
        assertThat(core.expand("availableSpotNumber")).isEqualTo(DEFAULT + "availableSpotNumber");
        assertThat(core.compact(DEFAULT + "availableSpotNumber")).isEqualTo("availableSpotNumber");
    }

    @Test
    void anInlineContextMapsTermsToItsOwnIris() {
        LdContext context = contexts.fromBody(json("{\"spots\": \"https://example.org/parking#spots\"}"));
        assertThat(context.expand("spots")).isEqualTo("https://example.org/parking#spots");
        assertThat(context.compact("https://example.org/parking#spots")).isEqualTo("spots");
        assertThat(contexts.core().compact("https://example.org/parking#spots"))
                .isEqualTo("https://example.org/parking#spots");
    }

    @Test
    void conciseInputIsReadAsTheAttributeTypesItImplies() {
        Entity entity = reader.readEntity(json("""
                {"id": "urn:ngsi-ld:Thing:1", "type": "Thing",
                 "count": 3,
                 "owner": {"object": "urn:ngsi-ld:Person:1"},
                 "location": {"type": "Point", "coordinates": [3.72, 51.05]},
                 "label": {"languageMap": {"nl": "fiets", "en": "bike"}},
                 "config": {"json": {"a": [1, 2]}},
                 "address": {"streetAddress": "Veldstraat 1"}}
                """), contexts.core(), null);

        assertThat(typeOf(entity, DEFAULT + "count")).isEqualTo("Property");
        assertThat(typeOf(entity, DEFAULT + "owner")).isEqualTo("Relationship");
        assertThat(typeOf(entity, "https://uri.etsi.org/ngsi-ld/location")).isEqualTo("GeoProperty");
        assertThat(typeOf(entity, DEFAULT + "label")).isEqualTo("LanguageProperty");
        assertThat(typeOf(entity, DEFAULT + "config")).isEqualTo("JsonProperty");
        assertThat(typeOf(entity, DEFAULT + "address")).isEqualTo("Property");
        assertThat(entity.attributes().get(DEFAULT + "address").get(0).get("value").path("streetAddress").asText())
                .isEqualTo("Veldstraat 1");
    }

    @Test
    void normalizedOutputOfConciseInputReadsBackToTheSameEntity() {
        String normalized = """
                {"id": "urn:ngsi-ld:Thing:2", "type": "Thing",
                 "count": {"type": "Property", "value": 3, "unitCode": "C62",
                           "accuracy": {"type": "Property", "value": 0.5}},
                 "owner": {"type": "Relationship", "object": "urn:ngsi-ld:Person:1"}}
                """;
        Entity entity = reader.readEntity(json(normalized), contexts.core(), null);
        ObjectNode concise = renderer.render(entity, contexts.core(),
                new Representation(Representation.Format.CONCISE, false, null, null), false);
        Entity again = reader.readEntity(concise, contexts.core(), null);
        ObjectNode back = renderer.render(again, contexts.core(), Representation.NORMALIZED, false);

        assertThat(back).isEqualTo(json(normalized));
        assertThat(concise.get("owner")).isEqualTo(json("{\"object\": \"urn:ngsi-ld:Person:1\"}"));
    }

    @Test
    void invalidPayloadsAreRejectedWithTheMemberNamed() {
        assertThatThrownBy(() -> reader.readEntity(json("{\"id\": \"not a uri\", \"type\": \"T\"}"),
                contexts.core(), null)).isInstanceOf(NgsiLdException.class).hasMessageContaining("URI");
        assertThatThrownBy(() -> reader.readEntity(json("{\"id\": \"urn:a:b\"}"), contexts.core(), null))
                .hasMessageContaining("type");
        assertThatThrownBy(() -> reader.readEntity(json(
                "{\"id\": \"urn:a:b\", \"type\": \"T\", \"x\": {\"type\": \"Relationship\", \"object\": \"nope\"}}"),
                contexts.core(), null)).hasMessageContaining("Relationship 'x'");
        assertThatThrownBy(() -> reader.readEntity(json(
                "{\"id\": \"urn:a:b\", \"type\": \"T\", \"x\": {\"type\": \"Property\", \"value\": 1, "
                        + "\"observedAt\": \"yesterday\"}}"), contexts.core(), null)).hasMessageContaining("observedAt");
        assertThatThrownBy(() -> reader.readEntity(json(
                "{\"id\": \"urn:a:b\", \"type\": \"T\", \"location\": {\"type\": \"Property\", \"value\": 1}}"),
                contexts.core(), null)).hasMessageContaining("GeoProperty");
        assertThatThrownBy(() -> reader.readEntity(json(
                "{\"id\": \"urn:a:b\", \"type\": \"T\", \"x\": {\"type\": \"Property\", \"value\": \"urn:ngsi-ld:null\"}}"),
                contexts.core(), null)).hasMessageContaining("NGSI-LD Null");
    }

    private static String typeOf(Entity entity, String attribute) {
        return entity.attributes().get(attribute).get(0).get("type").asText();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
