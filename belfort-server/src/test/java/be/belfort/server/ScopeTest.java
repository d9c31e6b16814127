package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The entity's scope (ETSI GS CIM 009 v1.8 clause 4.18): shown as compacted JSON-LD shows any single value, and
 * changed by the operations that change attributes: Append (clause 5.6.3, noOverwrite respected), Update
 * (5.6.2, only an existing scope; the NGSI-LD Null deletes it), Merge (5.6.17, replaced; the NGSI-LD Null
 * deletes it) and Delete Attribute (5.6.5) of {@code scope}.
 */
class ScopeTest {
    private static final String TENANT = "scopes";
    private final Http http = new Http(TestPlatform.shared().port());

    private String create(TestInfo test, String scope) {
        String id = "urn:ngsi-ld:OffStreetParking:" + test.getTestMethod().orElseThrow().getName();
        Http.Answer created = http.post("/ngsi-ld/v1/entities", "{\"id\": \"" + id + "\", \"type\": \"OffStreetParking\""
                + (scope == null ? "" : ", \"scope\": " + scope) + ", \"spots\": {\"type\": \"Property\", \"value\": 1}}",
                "NGSILD-Tenant", TENANT);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return id;
    }

    private JsonNode scopeOf(String id) {
        return http.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT).json().get("scope");
    }

    private int send(String method, String path, String body) {
        Http.Answer answer = http.send(method, path, body, "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        return answer.status();
    }

    @Test
    void oneScopeIsAStringAndSeveralAreAnArray(TestInfo test) {
        String one = create(test, "\"/Gent/Centrum\"");
        assertThat(scopeOf(one).isTextual()).isTrue();
        assertThat(scopeOf(one).asText()).isEqualTo("/Gent/Centrum");
        assertThat(http.get("/ngsi-ld/v1/entities/" + one + "?options=keyValues", "NGSILD-Tenant", TENANT).json()
                .get("scope").asText()).isEqualTo("/Gent/Centrum");

        String several = "urn:ngsi-ld:OffStreetParking:several";
        assertThat(http.post("/ngsi-ld/v1/entities", "{\"id\": \"" + several + "\", \"type\": \"OffStreetParking\","
                + " \"scope\": [\"/Gent\", \"/Leuven\"]}", "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        assertThat(scopeOf(several).toString()).isEqualTo("[\"/Gent\",\"/Leuven\"]");
    }

    @Test
    void appendSetsTheScopeUnlessNoOverwriteKeepsTheExistingOne(TestInfo test) {
        String id = create(test, null);
        assertThat(send("POST", "/ngsi-ld/v1/entities/" + id + "/attrs", "{\"scope\": \"/Gent\"}")).isEqualTo(204);
        assertThat(scopeOf(id).asText()).isEqualTo("/Gent");

        Http.Answer kept = http.send("POST", "/ngsi-ld/v1/entities/" + id + "/attrs?options=noOverwrite",
                "{\"scope\": \"/Brugge\"}", "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(kept.status()).isEqualTo(207);
        assertThat(kept.json().get("notUpdated").get(0).get("attributeName").asText()).isEqualTo("scope");
        assertThat(scopeOf(id).asText()).isEqualTo("/Gent");

        assertThat(send("POST", "/ngsi-ld/v1/entities/" + id + "/attrs", "{\"scope\": \"urn:ngsi-ld:null\"}"))
                .as("the NGSI-LD Null has no place in an append").isEqualTo(400);
    }

    @Test
    void updateReplacesAnExistingScopeAndTheNgsiLdNullDeletesIt(TestInfo test) {
        String id = create(test, "\"/Gent\"");
        assertThat(send("PATCH", "/ngsi-ld/v1/entities/" + id + "/attrs", "{\"scope\": [\"/Gent/Zuid\", \"/Gent/Noord\"]}"))
                .isEqualTo(204);
        assertThat(scopeOf(id).toString()).isEqualTo("[\"/Gent/Zuid\",\"/Gent/Noord\"]");
        assertThat(send("PATCH", "/ngsi-ld/v1/entities/" + id + "/attrs", "{\"scope\": \"urn:ngsi-ld:null\"}"))
                .isEqualTo(204);
        assertThat(scopeOf(id)).isNull();

        Http.Answer none = http.patch("/ngsi-ld/v1/entities/" + id + "/attrs", "{\"scope\": \"/Gent\"}",
                "NGSILD-Tenant", TENANT);
        assertThat(none.status()).as("no scope to update").isEqualTo(207);
        assertThat(scopeOf(id)).isNull();
    }

    @Test
    void mergeReplacesTheScopeAndTheNgsiLdNullDeletesIt(TestInfo test) {
        String id = create(test, "\"/Gent\"");
        assertThat(send("PATCH", "/ngsi-ld/v1/entities/" + id, "{\"scope\": \"/Leuven\"}")).isEqualTo(204);
        assertThat(scopeOf(id).asText()).isEqualTo("/Leuven");
        assertThat(send("PATCH", "/ngsi-ld/v1/entities/" + id, "{\"spots\": {\"value\": 2}}")).isEqualTo(204);
        assertThat(scopeOf(id).asText()).as("a fragment without scope leaves it").isEqualTo("/Leuven");
        assertThat(send("PATCH", "/ngsi-ld/v1/entities/" + id, "{\"scope\": \"urn:ngsi-ld:null\"}")).isEqualTo(204);
        assertThat(scopeOf(id)).isNull();
    }

    @Test
    void deleteAttributeOfScopeDeletesTheScope(TestInfo test) {
        String id = create(test, "[\"/Gent\", \"/Brugge\"]");
        assertThat(send("DELETE", "/ngsi-ld/v1/entities/" + id + "/attrs/scope", null)).isEqualTo(204);
        assertThat(scopeOf(id)).isNull();
        assertThat(http.get("/ngsi-ld/v1/entities?type=OffStreetParking&scopeQ=/Gent", "NGSILD-Tenant", TENANT).json()
                .findValuesAsText("id")).doesNotContain(id);
        assertThat(send("DELETE", "/ngsi-ld/v1/entities/" + id + "/attrs/scope", null)).isEqualTo(404);
    }

    @Test
    void aScopeThatIsNotAPathIsRefused(TestInfo test) {
        String id = create(test, "\"/Gent\"");
        assertThat(send("PATCH", "/ngsi-ld/v1/entities/" + id + "/attrs", "{\"scope\": \"Gent\"}")).isEqualTo(400);
        assertThat(send("PATCH", "/ngsi-ld/v1/entities/" + id, "{\"scope\": 5}")).isEqualTo(400);
        assertThat(scopeOf(id).asText()).isEqualTo("/Gent");
    }
}
