package be.belfort.jsonld;

import be.belfort.model.Entity;
import be.belfort.model.EntityChanges;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The representations of an entity (clause 4.5): normalized, concise and keyValues, with projections and languages. */
class EntityRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static final ContextResolver CONTEXTS = new ContextResolver(new ContextLoader(ContextCachesTest.NO_HOSTED,
            "/ngsi-ld/v1/jsonldContexts/", new RemoteContexts(Duration.ofSeconds(1), 10_000)), ContextLimits.DEFAULT);
    private static final LdContext CORE = CONTEXTS.core();
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    private final EntityRenderer renderer = new EntityRenderer();
    private final Entity parking = read("""
            {"id": "urn:ngsi-ld:OffStreetParking:1", "type": "OffStreetParking", "scope": "/Gent",
             "availableSpotNumber": {"type": "Property", "value": 120, "unitCode": "C62"},
             "name": {"type": "LanguageProperty", "languageMap": {"nl": "Vrijdagmarkt", "fr": "Marché du Vendredi"}},
             "owner": {"type": "Relationship", "object": "urn:ngsi-ld:Organisation:gent"},
             "category": {"type": "VocabProperty", "vocab": "public"},
             "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.72, 51.05]}},
             "temperature": [{"type": "Property", "value": 7, "datasetId": "urn:ngsi-ld:Dataset:a"},
                             {"type": "Property", "value": 8, "datasetId": "urn:ngsi-ld:Dataset:b"}]}""");

    @Test
    void normalizedShowsEveryInstanceWithItsTypeAndCompactedNames() {
        ObjectNode out = render(Representation.NORMALIZED);

        assertThat(out.get("id").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:1");
        assertThat(out.get("type").asText()).isEqualTo("OffStreetParking");
        assertThat(out.get("scope").asText()).as("one scope stands alone").isEqualTo("/Gent");
        assertThat(out.at("/availableSpotNumber/type").asText()).isEqualTo("Property");
        assertThat(out.at("/availableSpotNumber/unitCode").asText()).isEqualTo("C62");
        assertThat(out.at("/owner/object").asText()).isEqualTo("urn:ngsi-ld:Organisation:gent");
        assertThat(out.at("/category/vocab").asText()).isEqualTo("public");
        assertThat(out.get("temperature").isArray()).as("a multi-attribute is an array").isTrue();
        assertThat(out.get("temperature")).hasSize(2);
        assertThat(out.has("createdAt")).isFalse();
        assertThat(out.at("/availableSpotNumber/createdAt").isMissingNode()).isTrue();
    }

    @Test
    void systemAttributesAppearOnlyWhenAsked() {
        ObjectNode out = render(new Representation(Representation.Format.NORMALIZED, true, null, null));

        assertThat(out.get("createdAt").asText()).isEqualTo(AT.toString());
        assertThat(out.at("/availableSpotNumber/modifiedAt").asText()).isEqualTo(AT.toString());
        assertThat(render(new Representation(Representation.Format.KEY_VALUES, true, null, null)).has("createdAt"))
                .as("keyValues has no system attributes").isFalse();
    }

    @Test
    void conciseLeavesOutWhatTheValueMemberTells() {
        ObjectNode out = render(new Representation(Representation.Format.CONCISE, false, null, null));

        assertThat(out.at("/availableSpotNumber/value").asInt()).isEqualTo(120);
        assertThat(out.at("/availableSpotNumber/type").isMissingNode()).isTrue();
        assertThat(out.at("/owner/object").asText()).isEqualTo("urn:ngsi-ld:Organisation:gent");
        assertThat(out.at("/owner/type").isMissingNode()).isTrue();
        assertThat(out.at("/location/type").asText()).as("a lone GeoJSON value stands alone").isEqualTo("Point");
        assertThat(out.at("/name/languageMap/nl").asText()).isEqualTo("Vrijdagmarkt");
    }

    @Test
    void keyValuesShowsValuesOnly() {
        ObjectNode out = render(new Representation(Representation.Format.KEY_VALUES, false, null, null));

        assertThat(out.get("availableSpotNumber").asInt()).isEqualTo(120);
        assertThat(out.get("owner").asText()).isEqualTo("urn:ngsi-ld:Organisation:gent");
        assertThat(out.get("category").asText()).isEqualTo("public");
        assertThat(out.at("/name/languageMap/fr").asText()).isEqualTo("Marché du Vendredi");
        assertThat(out.get("temperature")).extracting(JsonNode::asInt).containsExactly(7, 8);
    }

    @Test
    void aPreferredLanguagePicksOneTextFallingBackOnThePrimaryTagThenTheFirstTag() {
        assertThat(render(new Representation(Representation.Format.KEY_VALUES, false, null, "fr")).get("name").asText())
                .isEqualTo("Marché du Vendredi");
        assertThat(render(new Representation(Representation.Format.KEY_VALUES, false, null, "nl-BE")).get("name").asText())
                .isEqualTo("Vrijdagmarkt");
        assertThat(render(new Representation(Representation.Format.KEY_VALUES, false, null, "de")).get("name").asText())
                .as("no German: the alphabetically first tag").isEqualTo("Marché du Vendredi");
        ObjectNode normalized = render(new Representation(Representation.Format.NORMALIZED, false, null, "de,nl;q=0.5"));
        assertThat(normalized.at("/name/type").asText()).isEqualTo("Property");
        assertThat(normalized.at("/name/value").asText()).isEqualTo("Vrijdagmarkt");
        assertThat(normalized.at("/name/lang").asText()).isEqualTo("nl");
    }

    @Test
    void projectionsKeepTheAskedAttributesAndDatasets() {
        ObjectNode picked = render(new Representation(Representation.Format.NORMALIZED, false,
                Set.of(DEFAULT + "availableSpotNumber"), null));
        assertThat(picked.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("id", "type", "scope", "availableSpotNumber");

        ObjectNode oneDataset = render(new Representation(Representation.Format.NORMALIZED, false, null, null, Set.of(),
                Set.of("urn:ngsi-ld:Dataset:b"), Set.of("scope")));
        assertThat(oneDataset.at("/temperature/value").asInt()).as("one instance left stands alone").isEqualTo(8);
        assertThat(oneDataset.has("availableSpotNumber")).as("only instances of the datasets asked").isFalse();
        assertThat(oneDataset.has("scope")).isFalse();
    }

    @Test
    void theContextIsAMemberOnlyWhenAsked() {
        assertThat(renderer.render(parking, CORE, Representation.NORMALIZED, true).get("@context")).isEqualTo(CORE.reference());
        assertThat(render(Representation.NORMALIZED).has("@context")).isFalse();
    }

    @Test
    void anotherContextCompactsToItsOwnTerms() {
        LdContext context = CONTEXTS.fromBody(JSON.createObjectNode().put("spots", DEFAULT + "availableSpotNumber"));
        assertThat(renderer.render(parking, context, Representation.NORMALIZED, false).has("spots")).isTrue();
    }

    private ObjectNode render(Representation representation) {
        return renderer.render(parking, CORE, representation, false);
    }

    private static Entity read(String text) {
        try {
            Entity entity = new EntityReader().readEntity(JSON.readTree(text), CORE, null);
            EntityChanges.stampNew(entity, AT);
            return entity;
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
