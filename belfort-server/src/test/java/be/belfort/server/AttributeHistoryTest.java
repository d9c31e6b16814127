package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/** Every write records the attribute instances it wrote, in the same transaction; history is readable. */
class AttributeHistoryTest {
    private static final String TENANT = "history";
    private final Http http = new Http(TestPlatform.shared().port());

    private String createWithUpdates(TestInfo test) {
        String id = "urn:ngsi-ld:OffStreetParking:" + test.getTestMethod().orElseThrow().getName();
        assertThat(http.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "OffStreetParking", "name": {"type": "Property", "value": "P1"},
                 "spots": {"type": "Property", "value": 100, "observedAt": "2026-11-22T10:00:00Z"}}""".formatted(id),
                "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        for (int minute = 1; minute <= 4; minute++) {
            assertThat(http.patch("/ngsi-ld/v1/entities/" + id + "/attrs/spots",
                    "{\"value\": " + (100 - minute * 10) + ", \"observedAt\": \"2026-11-22T10:0" + minute + ":00Z\"}",
                    "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        }
        return id;
    }

    private JsonNode temporal(String id, String query) {
        Http.Answer answer = http.get("/ngsi-ld/v1/temporal/entities/" + id + query, "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void everyWriteOfAnAttributeIsOneInstanceOfItsHistory(TestInfo test) {
        String id = createWithUpdates(test);
        JsonNode history = temporal(id, "");
        assertThat(history.get("type").asText()).isEqualTo("OffStreetParking");
        assertThat(history.get("spots")).hasSize(5);
        assertThat(history.get("spots").findValuesAsText("observedAt")).containsExactly("2026-11-22T10:00:00Z",
                "2026-11-22T10:01:00Z", "2026-11-22T10:02:00Z", "2026-11-22T10:03:00Z", "2026-11-22T10:04:00Z");
        assertThat(history.get("spots").get(4).get("value").asInt()).isEqualTo(60);
        assertThat(history.get("spots").get(0).get("instanceId").asText()).startsWith("urn:ngsi-ld:attribute:instance:");
        // name was written once (at creation) and never again
        assertThat(history.get("name")).hasSize(1);
    }

    @Test
    void timerelAndLastNSelectInstances(TestInfo test) {
        String id = createWithUpdates(test);
        assertThat(temporal(id, "?attrs=spots&timerel=before&timeAt=2026-11-22T10:02:00Z").get("spots"))
                .extracting(n -> n.get("value").asInt()).containsExactly(100, 90);
        assertThat(temporal(id, "?attrs=spots&timerel=between&timeAt=2026-11-22T10:01:00Z&endTimeAt=2026-11-22T10:03:00Z")
                .get("spots")).extracting(n -> n.get("value").asInt()).containsExactly(90, 80);
        assertThat(temporal(id, "?attrs=spots&timerel=after&timeAt=2026-11-22T10:03:00Z").get("spots"))
                .extracting(n -> n.get("value").asInt()).containsExactly(70, 60);
        assertThat(temporal(id, "?attrs=spots&lastN=2").get("spots"))
                .extracting(n -> n.get("value").asInt()).containsExactly(70, 60);
        assertThat(temporal(id, "?attrs=name").has("spots")).isFalse();
    }

    @Test
    void temporalValuesArePairsOfValueAndTime(TestInfo test) {
        String id = createWithUpdates(test);
        JsonNode values = temporal(id, "?options=temporalValues&attrs=spots&lastN=2");
        assertThat(values.get("spots").get("type").asText()).isEqualTo("Property");
        assertThat(values.get("spots").get("values").toString())
                .isEqualTo("[[70,\"2026-11-22T10:03:00Z\"],[60,\"2026-11-22T10:04:00Z\"]]");
    }

    @Test
    void batchesAndMergesAreRecordedToo(TestInfo test) {
        String id = "urn:ngsi-ld:OffStreetParking:" + test.getTestMethod().orElseThrow().getName();
        String entity = "{\"id\": \"" + id + "\", \"type\": \"OffStreetParking\", \"spots\": {\"type\": \"Property\", \"value\": %d}}";
        http.post("/ngsi-ld/v1/entityOperations/upsert", "[" + entity.formatted(1) + "]", "NGSILD-Tenant", TENANT);
        http.post("/ngsi-ld/v1/entityOperations/upsert", "[" + entity.formatted(2) + "]", "NGSILD-Tenant", TENANT);
        http.patch("/ngsi-ld/v1/entities/" + id, "{\"spots\": {\"value\": 3}}", "NGSILD-Tenant", TENANT);
        assertThat(temporal(id, "").get("spots")).extracting(n -> n.get("value").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void badTemporalParametersAreBadRequestData(TestInfo test) {
        String id = createWithUpdates(test);
        for (String query : new String[] {"?timerel=before", "?timerel=soon&timeAt=2026-11-22T10:00:00Z",
                "?timerel=between&timeAt=2026-11-22T10:00:00Z",
                "?timerel=between&timeAt=2026-11-22T10:00:00Z&endTimeAt=2026-11-22T09:00:00Z",
                "?timerel=after&timeAt=yesterday", "?lastN=0", "?lastN=-3", "?lastN=many", "?timeproperty=expiredAt",
                "?timeAt=2026-11-22T10:00:00Z"}) {
            Http.Answer answer = http.get("/ngsi-ld/v1/temporal/entities/" + id + query, "NGSILD-Tenant", TENANT);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.errorType()).as(query).isEqualTo("BadRequestData");
        }
        assertThat(http.get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:X:none", "NGSILD-Tenant", TENANT).status())
                .isEqualTo(404);
    }
}
