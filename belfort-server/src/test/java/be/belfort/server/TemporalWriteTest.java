package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/** Writing history directly, and that history and entity changes are recorded together or not at all. */
class TemporalWriteTest {
    private static final String TENANT = "temporal-write";
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    private static String id(TestInfo test) {
        return "urn:ngsi-ld:Sensor:" + test.getTestMethod().orElseThrow().getName();
    }

    private static void createTemporal(String id) {
        Http.Answer created = HTTP.post("/ngsi-ld/v1/temporal/entities", """
                {"id": "%s", "type": "Sensor", "t": [
                  {"type": "Property", "value": 1, "observedAt": "2024-01-01T00:00:00Z"},
                  {"type": "Property", "value": 3, "observedAt": "2024-01-01T02:00:00Z"},
                  {"type": "Property", "value": 2, "observedAt": "2024-01-01T01:00:00Z"}]}""".formatted(id),
                "NGSILD-Tenant", TENANT);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static String values(String id) {
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/temporal/entities/" + id + "?options=temporalValues",
                "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("t").path("values").toString();
    }

    @Test
    void aTemporalEntityBecomesAnEntityWithItsNewestValuesAndAllItsHistory(TestInfo test) {
        String id = id(test);
        createTemporal(id);
        JsonNode current = HTTP.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT).json();
        assertThat(current.get("t").get("value").asInt()).isEqualTo(3);
        assertThat(values(id)).isEqualTo("[[1,\"2024-01-01T00:00:00Z\"],[2,\"2024-01-01T01:00:00Z\"],"
                + "[3,\"2024-01-01T02:00:00Z\"]]");

        assertThat(HTTP.post("/ngsi-ld/v1/temporal/entities", """
                {"id": "%s", "type": "Sensor", "t": {"type": "Property", "value": 0, "observedAt": "2023-12-31T23:00:00Z"}}"""
                .formatted(id), "NGSILD-Tenant", TENANT).status()).as("adding to an existing one").isEqualTo(204);
        assertThat(values(id)).startsWith("[[0,\"2023-12-31T23:00:00Z\"],[1,");
        assertThat(HTTP.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT).json().get("t").get("value").asInt())
                .as("history does not change the present").isEqualTo(3);
    }

    @Test
    void instancesCanBeAppendedModifiedAndDeleted(TestInfo test) {
        String id = id(test);
        createTemporal(id);
        assertThat(HTTP.post("/ngsi-ld/v1/temporal/entities/" + id + "/attrs", """
                {"t": [{"type": "Property", "value": 4, "observedAt": "2024-01-01T03:00:00Z"}]}""",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        JsonNode history = HTTP.get("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", TENANT).json();
        assertThat(history.get("t")).hasSize(4);
        String first = history.get("t").get(0).get("instanceId").asText();

        assertThat(HTTP.patch("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t/" + first,
                "{\"type\": \"Property\", \"value\": 100, \"observedAt\": \"2024-01-01T00:00:00Z\"}",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        assertThat(values(id)).startsWith("[[100,\"2024-01-01T00:00:00Z\"]");
        JsonNode modified = HTTP.get("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", TENANT).json();
        assertThat(modified.get("t").get(0).get("instanceId").asText()).as("the id stays").isEqualTo(first);

        assertThat(HTTP.delete("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t/" + first, "NGSILD-Tenant", TENANT)
                .status()).isEqualTo(204);
        assertThat(values(id)).isEqualTo("[[2,\"2024-01-01T01:00:00Z\"],[3,\"2024-01-01T02:00:00Z\"],"
                + "[4,\"2024-01-01T03:00:00Z\"]]");
        assertThat(HTTP.delete("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t/" + first, "NGSILD-Tenant", TENANT)
                .errorType()).isEqualTo("ResourceNotFound");
        assertThat(HTTP.delete("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t/not-an-instance", "NGSILD-Tenant",
                TENANT).errorType()).isEqualTo("BadRequestData");
    }

    @Test
    void anAttributesHistoryOrTheWholeTemporalEntityCanBeDeleted(TestInfo test) {
        String id = id(test);
        createTemporal(id);
        assertThat(HTTP.delete("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t", "NGSILD-Tenant", TENANT).status())
                .isEqualTo(204);
        assertThat(values(id)).isEqualTo("");
        assertThat(HTTP.delete("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t", "NGSILD-Tenant", TENANT).status())
                .isEqualTo(404);
        assertThat(HTTP.delete("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        assertThat(HTTP.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT).status()).isEqualTo(404);
        assertThat(HTTP.get("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", TENANT).status()).isEqualTo(404);
        assertThat(HTTP.delete("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", TENANT).status()).isEqualTo(404);
    }

    @Test
    void badTemporalWritesAreRefused(TestInfo test) {
        String id = id(test);
        assertThat(HTTP.post("/ngsi-ld/v1/temporal/entities", "{\"id\": \"" + id + "\", \"type\": \"Sensor\"}",
                "NGSILD-Tenant", TENANT).errorType()).isEqualTo("BadRequestData");
        assertThat(HTTP.post("/ngsi-ld/v1/temporal/entities", "{\"id\": \"" + id + "\", \"type\": \"Sensor\", \"t\": []}",
                "NGSILD-Tenant", TENANT).errorType()).isEqualTo("BadRequestData");
        assertThat(HTTP.post("/ngsi-ld/v1/temporal/entities", "{\"type\": \"Sensor\", \"t\": {\"type\": \"Property\","
                + " \"value\": 1}}", "NGSILD-Tenant", TENANT).errorType()).isEqualTo("BadRequestData");
        assertThat(HTTP.post("/ngsi-ld/v1/temporal/entities/" + id + "/attrs", "{\"t\": {\"type\": \"Property\","
                + " \"value\": 1}}", "NGSILD-Tenant", TENANT).status()).as("no such entity").isEqualTo(404);
        assertThat(HTTP.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT).status()).isEqualTo(404);
    }

    @Test
    void deletedAttributesLeaveADeletionInTheirHistory(TestInfo test) {
        String id = id(test);
        assertThat(HTTP.post("/ngsi-ld/v1/entities", "{\"id\": \"" + id + "\", \"type\": \"Sensor\","
                + " \"t\": {\"type\": \"Property\", \"value\": 1}, \"r\": {\"type\": \"Relationship\","
                + " \"object\": \"urn:x:1\"}}", "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        assertThat(HTTP.delete("/ngsi-ld/v1/entities/" + id + "/attrs/t", "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        assertThat(HTTP.delete("/ngsi-ld/v1/entities/" + id + "/attrs/r", "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        JsonNode history = HTTP.get("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", TENANT).json();
        assertThat(history.get("t")).hasSize(2);
        assertThat(history.get("t").get(1).get("value").asText()).isEqualTo("urn:ngsi-ld:null");
        assertThat(history.get("t").get(1).get("deletedAt").asText()).endsWith("Z");
        assertThat(history.get("r").get(1).get("object").asText()).isEqualTo("urn:ngsi-ld:null");
        assertThat(HTTP.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT).json().has("t")).isFalse();

        assertThat(HTTP.post("/ngsi-ld/v1/entities/" + id + "/attrs", "{\"u\": {\"type\": \"Property\", \"value\": 7},"
                + " \"w\": {\"type\": \"Property\", \"value\": 8}}", "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        assertThat(HTTP.put("/ngsi-ld/v1/entities/" + id, "{\"type\": \"Sensor\", \"w\": {\"type\": \"Property\","
                + " \"value\": 9}}", "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        JsonNode replaced = HTTP.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=u,w", "NGSILD-Tenant", TENANT).json();
        assertThat(replaced.get("u").get(1).get("value").asText()).as("left out by the replacement")
                .isEqualTo("urn:ngsi-ld:null");
        assertThat(replaced.get("w").get(1).get("value").asInt()).isEqualTo(9);
        assertThat(replaced.get("w")).hasSize(2);
    }

    @Test
    void historyIsRecordedExactlyWhenTheEntityChanges(TestInfo test) {
        String id = id(test);
        assertThat(HTTP.post("/ngsi-ld/v1/entities", "{\"id\": \"" + id + "\", \"type\": \"Sensor\","
                + " \"t\": {\"type\": \"Property\", \"value\": 1}}", "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        // a create that fails (it exists), a batch whose element fails, an update that is refused: no history
        assertThat(HTTP.post("/ngsi-ld/v1/entities", "{\"id\": \"" + id + "\", \"type\": \"Sensor\","
                + " \"t\": {\"type\": \"Property\", \"value\": 2}}", "NGSILD-Tenant", TENANT).status()).isEqualTo(409);
        assertThat(HTTP.post("/ngsi-ld/v1/entityOperations/create", "[{\"id\": \"" + id + "\", \"type\": \"Sensor\","
                + " \"t\": {\"type\": \"Property\", \"value\": 3}}]", "NGSILD-Tenant", TENANT).status()).isEqualTo(207);
        assertThat(HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs/t", "{\"value\": {\"bad\": ",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(400);
        assertThat(values(id)).matches("\\[\\[1,\"[^\"]+\"]]");
        // every accepted change is there
        assertThat(HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs/t", "{\"value\": 5}", "NGSILD-Tenant", TENANT)
                .status()).isEqualTo(204);
        assertThat(HTTP.post("/ngsi-ld/v1/entityOperations/upsert?options=update", "[{\"id\": \"" + id + "\","
                + " \"type\": \"Sensor\", \"t\": {\"type\": \"Property\", \"value\": 6}}]", "NGSILD-Tenant", TENANT)
                .status()).isEqualTo(204);
        assertThat(values(id)).matches("\\[\\[1,\"[^\"]+\"],\\[5,\"[^\"]+\"],\\[6,\"[^\"]+\"]]");
    }
}
