package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Every attribute type in the normalized, concise and simplified representations, and the read options. */
class RepresentationsTest {
    private static final String TENANT = "representations";
    private static final String ID = "urn:ngsi-ld:Building:representations-1";
    private static final String PATH = "/ngsi-ld/v1/entities/" + ID;
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    private static final String ENTITY = """
            {"id": "%s", "type": "Building",
             "spots": {"type": "Property", "value": 120, "unitCode": "C62", "observedAt": "2026-11-22T10:00:00Z",
                       "accuracy": {"type": "Property", "value": 0.5}},
             "owner": {"type": "Relationship", "object": "urn:ngsi-ld:Organisation:gent"},
             "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.7262, 51.0567]}},
             "label": {"type": "LanguageProperty", "languageMap": {"nl": "stadhuis", "en": "city hall"}},
             "category": {"type": "VocabProperty", "vocab": "cityHall"},
             "settings": {"type": "JsonProperty", "json": {"open": true, "days": [1, 2]}},
             "readings": {"type": "ListProperty", "valueList": [1, 2, 3]},
             "neighbours": {"type": "ListRelationship", "objectList": [{"object": "urn:ngsi-ld:Building:2"}]},
             "temperature": [
               {"type": "Property", "value": 20.5, "datasetId": "urn:ngsi-ld:Dataset:inside"},
               {"type": "Property", "value": 7.5, "datasetId": "urn:ngsi-ld:Dataset:outside"}]}
            """.formatted(ID);

    @BeforeAll
    static void create() {
        assertThat(HTTP.post("/ngsi-ld/v1/entities", ENTITY, "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
    }

    @Test
    void normalizedGivesBackWhatWasSent() throws IOException {
        Http.Answer read = get("");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Content-Type")).startsWith("application/json");
        assertThat(read.json()).isEqualTo(Http.JSON.readTree(ENTITY));
    }

    @Test
    void conciseLeavesOutWhatTheShapeSays() throws IOException {
        JsonNode expected = Http.JSON.readTree("""
                {"id": "%s", "type": "Building",
                 "spots": {"value": 120, "unitCode": "C62", "observedAt": "2026-11-22T10:00:00Z", "accuracy": 0.5},
                 "owner": {"object": "urn:ngsi-ld:Organisation:gent"},
                 "location": {"type": "Point", "coordinates": [3.7262, 51.0567]},
                 "label": {"languageMap": {"nl": "stadhuis", "en": "city hall"}},
                 "category": {"vocab": "cityHall"},
                 "settings": {"json": {"open": true, "days": [1, 2]}},
                 "readings": {"valueList": [1, 2, 3]},
                 "neighbours": {"objectList": [{"object": "urn:ngsi-ld:Building:2"}]},
                 "temperature": [{"value": 20.5, "datasetId": "urn:ngsi-ld:Dataset:inside"},
                                 {"value": 7.5, "datasetId": "urn:ngsi-ld:Dataset:outside"}]}
                """.formatted(ID));
        assertThat(get("?options=concise").json()).isEqualTo(expected);
        assertThat(get("?format=concise").json()).isEqualTo(expected);
    }

    @Test
    void conciseOutputIsAcceptedAsInputAndMeansTheSame() throws IOException {
        JsonNode concise = get("?options=concise").json();
        String copyId = ID + "-concise-copy";
        ((com.fasterxml.jackson.databind.node.ObjectNode) concise).put("id", copyId);
        assertThat(HTTP.post("/ngsi-ld/v1/entities", concise.toString(), "NGSILD-Tenant", TENANT).status()).isEqualTo(201);

        JsonNode copy = HTTP.get("/ngsi-ld/v1/entities/" + copyId, "NGSILD-Tenant", TENANT).json();
        JsonNode expected = Http.JSON.readTree(ENTITY.replace(ID, copyId));
        assertThat(copy).isEqualTo(expected);
    }

    @Test
    void keyValuesGivesOnlyTheValues() throws IOException {
        JsonNode expected = Http.JSON.readTree("""
                {"id": "%s", "type": "Building", "spots": 120, "owner": "urn:ngsi-ld:Organisation:gent",
                 "location": {"type": "Point", "coordinates": [3.7262, 51.0567]},
                 "label": {"languageMap": {"nl": "stadhuis", "en": "city hall"}},
                 "category": "cityHall", "settings": {"open": true, "days": [1, 2]}, "readings": [1, 2, 3],
                 "neighbours": [{"object": "urn:ngsi-ld:Building:2"}], "temperature": [20.5, 7.5]}
                """.formatted(ID));
        assertThat(get("?options=keyValues").json()).isEqualTo(expected);
        assertThat(get("?format=simplified").json()).isEqualTo(expected);
    }

    @Test
    void langPicksOneLanguage() {
        JsonNode normalized = get("?lang=nl&attrs=label").json();
        assertThat(normalized.get("label")).isEqualTo(Http.JSON.createObjectNode()
                .put("type", "Property").put("value", "stadhuis").put("lang", "nl"));
        assertThat(get("?lang=nl-BE&attrs=label&options=keyValues").json().get("label").asText()).isEqualTo("stadhuis");
        assertThat(get("?lang=de,en;q=0.8&attrs=label&options=keyValues").json().get("label").asText())
                .isEqualTo("city hall");
        // No requested language: the alphabetically first tag, whatever the storage order.
        assertThat(get("?lang=fr&attrs=label&options=keyValues").json().get("label").asText()).isEqualTo("city hall");
        assertThat(get("?lang=en&attrs=label&options=keyValues").json().get("label").asText()).isEqualTo("city hall");
    }

    @Test
    void sysAttrsAddsCreationAndModificationTimes() {
        JsonNode plain = get("").json();
        assertThat(plain.has("createdAt")).isFalse();
        assertThat(plain.get("spots").has("modifiedAt")).isFalse();

        JsonNode withSystem = get("?options=sysAttrs").json();
        assertThat(withSystem.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(withSystem.get("modifiedAt").asText()).isEqualTo(withSystem.get("createdAt").asText());
        assertThat(withSystem.get("spots").get("createdAt").asText()).isEqualTo(withSystem.get("createdAt").asText());
        assertThat(withSystem.get("spots").get("accuracy").has("createdAt")).isTrue();
    }

    @Test
    void attrsAndPickSelectAttributes() {
        JsonNode picked = get("?attrs=spots,owner").json();
        assertThat(picked.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "type", "spots", "owner");
        JsonNode picked2 = get("?pick=id,type,label").json();
        assertThat(picked2.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "type", "label");
    }

    @Test
    void typeMustMatchWhenGiven() {
        assertThat(get("?type=Building").status()).isEqualTo(200);
        Http.Answer other = get("?type=Parking");
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.errorType()).isEqualTo("ResourceNotFound");
    }

    @Test
    void jsonAnswersNameTheContextInALinkHeaderAndJsonLdInTheBody() {
        Http.Answer json = get("", "Accept", "application/json");
        assertThat(json.header("Link")).isEqualTo("<https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld>;"
                + " rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
        assertThat(json.json().has("@context")).isFalse();

        Http.Answer jsonLd = get("", "Accept", "application/ld+json");
        assertThat(jsonLd.header("Content-Type")).startsWith("application/ld+json");
        assertThat(jsonLd.header("Link")).isNull();
        assertThat(jsonLd.json().get("@context").asText())
                .isEqualTo("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld");

        assertThat(get("", "Accept", "application/ld+json;q=0.5, application/json").json().has("@context")).isFalse();
    }

    @Test
    void anUnsupportedAcceptIsNotAcceptable() {
        Http.Answer answer = get("", "Accept", "text/html");
        assertThat(answer.status()).isEqualTo(406);
        assertThat(answer.json().get("status").asInt()).isEqualTo(406);
    }

    @Test
    void conflictingRepresentationsAreRejected() {
        Http.Answer answer = get("?options=keyValues,concise");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo("BadRequestData");
        assertThat(get("?options=fancy").status()).isEqualTo(400);
    }

    private static Http.Answer get(String query, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "NGSILD-Tenant";
        all[1] = TENANT;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return HTTP.get(PATH + query, all);
    }
}
