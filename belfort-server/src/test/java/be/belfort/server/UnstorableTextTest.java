package be.belfort.server;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text PostgreSQL cannot store as sent (a NUL character, a lone UTF-16 surrogate) is refused where it enters,
 * with a 400 naming where it is: never a 500, never stored changed.
 */
class UnstorableTextTest {
    private static final String TENANT = "unstorable";
    private static final String NUL = "\\u0000";
    private final Http http = new Http(TestPlatform.shared().port());

    private static void assertRefused(Http.Answer answer, String where) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo("BadRequestData");
        assertThat(answer.json().path("detail").asText()).contains(where);
    }

    private Http.Answer create(String members) {
        return http.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:T:nul\", \"type\": \"T\", " + members + "}",
                "NGSILD-Tenant", TENANT);
    }

    @Test
    void aNulAnywhereInAPayloadIsRefusedWithItsPlace() {
        record Case(String members, String where) {
        }
        for (Case c : List.of(
                new Case("\"a\": {\"type\": \"Property\", \"value\": \"x" + NUL + "y\"}", "/a/value"),
                new Case("\"a" + NUL + "b\": {\"type\": \"Property\", \"value\": 1}", "member name"),
                new Case("\"a\": {\"type\": \"Property\", \"value\": 1, \"unitCode\": \"C" + NUL + "\"}", "/a/unitCode"),
                new Case("\"scope\": \"/gent" + NUL + "\"", "/scope"),
                new Case("\"a\": {\"type\": \"LanguageProperty\", \"languageMap\": {\"nl\": \"" + NUL + "\"}}",
                        "/a/languageMap/nl"),
                new Case("\"a\": {\"type\": \"Property\", \"value\": 1, \"b\": {\"type\": \"Property\", \"value\": [\"" + NUL
                        + "\"]}}", "/a/b/value/0"))) {
            assertRefused(create(c.members()), c.where());
        }
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:T:nul", "NGSILD-Tenant", TENANT).status()).isIn(404);
    }

    @Test
    void aNulInOtherPayloadsIsRefusedToo() {
        assertRefused(http.post("/ngsi-ld/v1/subscriptions", "{\"type\": \"Subscription\", \"entities\": [{\"type\": \"T\"}],"
                + " \"description\": \"" + NUL + "\", \"notification\": {\"endpoint\": {\"uri\": \"http://127.0.0.1:9/n\"}}}",
                "NGSILD-Tenant", TENANT), "/description");
        assertRefused(http.post("/admin/keys", "{\"tenant\": \"" + TENANT + "\", \"role\": \"reader\", \"description\": \"k"
                + NUL + "\"}"), "/description");
        assertRefused(http.post("/ngsi-ld/v1/entityOperations/upsert", "[{\"id\": \"urn:ngsi-ld:T:nul\", \"type\": \"T"
                + NUL + "\"}]", "NGSILD-Tenant", TENANT), "/0/type");
    }

    @Test
    void aNulInThePathOrAQueryParameterIsRefused() {
        Http.Answer path = http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:T:a%00b", "NGSILD-Tenant", TENANT);
        assertThat(path.status()).as(path.body()).isEqualTo(400);
        assertThat(path.errorType()).isIn("InvalidRequest", "BadRequestData");
        assertRefused(http.get("/ngsi-ld/v1/entities?type=T%00", "NGSILD-Tenant", TENANT), "'type'");
        assertRefused(http.get("/ngsi-ld/v1/entities?type=T&q=a==%22x%00%22", "NGSILD-Tenant", TENANT), "'q'");
        assertRefused(http.get("/ngsi-ld/v1/entities?type=T&scopeQ=/a%00", "NGSILD-Tenant", TENANT), "'scopeQ'");
        assertRefused(http.get("/ngsi-ld/v1/entities?ty%00pe=T", "NGSILD-Tenant", TENANT), "query parameter");
    }

    @Test
    void loneSurrogatesAreRefusedSoThatNoTwoIdsCollide() {
        for (String id : List.of("urn:ngsi-ld:T:\\ud800", "urn:ngsi-ld:T:\\udbff", "urn:ngsi-ld:T:\\udc00x")) {
            assertRefused(http.post("/ngsi-ld/v1/entities", "{\"id\": \"" + id + "\", \"type\": \"T\"}",
                    "NGSILD-Tenant", TENANT), "surrogate");
        }
        assertRefused(create("\"a\": {\"type\": \"Property\", \"value\": \"\\ud83d\"}"), "/a/value");
        // A pair is one character, and stays as it was sent.
        assertThat(http.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:T:\\ud83d\\ude97\", \"type\": \"T\"}",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        Http.Answer car = http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:T:%F0%9F%9A%97", "NGSILD-Tenant", TENANT);
        assertThat(car.status()).isEqualTo(200);
        assertThat(car.json().path("id").asText()).isEqualTo("urn:ngsi-ld:T:\uD83D\uDE97");
    }
}
