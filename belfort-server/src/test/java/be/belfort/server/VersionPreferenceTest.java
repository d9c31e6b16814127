package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Prefer: ngsi-ld=<version>}: a client (or a broker federating Belfort) that speaks an earlier NGSI-LD version
 * gets entities that version understands, the newer attribute types falling back to Property and Relationship, and
 * {@code Preference-Applied} naming the version followed.
 */
class VersionPreferenceTest {
    private static final String TENANT = "version-preference";
    private static final String ID = "urn:ngsi-ld:Kiosk:vp-1";
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    @BeforeAll
    static void aKioskWithTheNewerAttributeTypes() {
        Http.Answer created = HTTP.post("/ngsi-ld/v1/entities", "{\"id\": \"" + ID + "\", \"type\": \"Kiosk\","
                + " \"scope\": \"/gent\","
                + " \"label\": {\"type\": \"LanguageProperty\", \"languageMap\": {\"nl\": \"open\"}},"
                + " \"stock\": {\"type\": \"JsonProperty\", \"json\": {\"papers\": 12}},"
                + " \"state\": {\"type\": \"VocabProperty\", \"vocab\": \"Open\"},"
                + " \"sizes\": {\"type\": \"ListProperty\", \"valueList\": [1, 2]},"
                + " \"owner\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:Person:x\", \"objectType\": \"Person\"},"
                + " \"suppliers\": {\"type\": \"ListRelationship\", \"objectList\": [\"urn:ngsi-ld:Company:a\"]}}",
                "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static Http.Answer get(String path, String prefer) {
        Http.Answer answer = prefer == null ? HTTP.get(path, "NGSILD-Tenant", TENANT)
                : HTTP.get(path, "NGSILD-Tenant", TENANT, "Prefer", prefer);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    @Test
    void aVersion16ClientGetsPropertiesAndRelationshipsOnly() {
        Http.Answer answer = get("/ngsi-ld/v1/entities/" + ID, "ngsi-ld=1.6");
        assertThat(answer.header("Preference-Applied")).isEqualTo("ngsi-ld=1.6");
        JsonNode kiosk = answer.json();
        assertThat(kiosk.at("/stock/type").asText()).isEqualTo("Property");
        assertThat(kiosk.at("/stock/value/papers").asInt()).isEqualTo(12);
        assertThat(kiosk.at("/state/type").asText()).isEqualTo("Property");
        assertThat(kiosk.at("/state/value").asText()).isEqualTo("Open");
        assertThat(kiosk.at("/sizes/value").toString()).isEqualTo("[1,2]");
        assertThat(kiosk.at("/suppliers/type").asText()).isEqualTo("Relationship");
        assertThat(kiosk.at("/suppliers/object/0").asText()).isEqualTo("urn:ngsi-ld:Company:a");
        assertThat(kiosk.get("owner").has("objectType")).isFalse();
        assertThat(kiosk.at("/label/type").asText()).as("LanguageProperty is older than 1.6").isEqualTo("LanguageProperty");
        assertThat(kiosk.get("scope").asText()).isEqualTo("/gent");
    }

    @Test
    void olderVersionsLoseWhatTheyDidNotKnowAndQueriesFollowToo() {
        JsonNode kiosks = get("/ngsi-ld/v1/entities?type=Kiosk", "ngsi-ld=1.3").json();
        assertThat(kiosks.get(0).at("/label/type").asText()).isEqualTo("Property");
        assertThat(kiosks.get(0).at("/label/value/nl").asText()).isEqualTo("open");
        assertThat(kiosks.get(0).has("scope")).isFalse();
    }

    @Test
    void theCurrentVersionOrNoPreferenceLeavesEntitiesAsTheyAre() {
        Http.Answer current = get("/ngsi-ld/v1/entities/" + ID, "ngsi-ld=1.9");
        assertThat(current.header("Preference-Applied")).isEqualTo("ngsi-ld=1.8");
        assertThat(current.json().at("/stock/type").asText()).isEqualTo("JsonProperty");
        Http.Answer none = get("/ngsi-ld/v1/entities/" + ID, null);
        assertThat(none.header("Preference-Applied")).isNull();
        assertThat(none.json().at("/owner/objectType").asText()).isEqualTo("Person");
        assertThat(get("/ngsi-ld/v1/entities/" + ID, "return=minimal").header("Preference-Applied")).isNull();
    }
}
