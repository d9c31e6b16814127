package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Batch create, upsert, update, merge and delete with their per-entity outcomes. */
class BatchOperationsTest {
    private static final String TENANT = "batch-operations";
    private final Http http = new Http(TestPlatform.shared().port());

    private static String entity(String id, int spots) {
        return """
                {"id": "%s", "type": "OffStreetParking", "spots": {"type": "Property", "value": %d},
                 "name": {"type": "Property", "value": "%s"}}""".formatted(id, spots, id);
    }

    private Http.Answer batch(String operation, String body) {
        return http.post("/ngsi-ld/v1/entityOperations/" + operation, body, "NGSILD-Tenant", TENANT);
    }

    private JsonNode read(String id) {
        return http.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT).json();
    }

    @Test
    void createAnswersTheCreatedIds() {
        Http.Answer answer = batch("create", "[" + entity("urn:ngsi-ld:P:c1", 1) + "," + entity("urn:ngsi-ld:P:c2", 2) + "]");
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json()).hasSize(2);
        assertThat(answer.json().get(0).asText()).isEqualTo("urn:ngsi-ld:P:c1");
        assertThat(read("urn:ngsi-ld:P:c2").get("spots").get("value").asInt()).isEqualTo(2);
    }

    @Test
    void createReportsEachFailureAndKeepsTheRest() {
        batch("create", "[" + entity("urn:ngsi-ld:P:d1", 1) + "]");
        Http.Answer answer = batch("create", "[" + entity("urn:ngsi-ld:P:d1", 1) + "," + entity("urn:ngsi-ld:P:d2", 2)
                + ", {\"id\": \"not a uri\", \"type\": \"P\"}, {\"id\": \"urn:ngsi-ld:P:d3\"}]");
        assertThat(answer.status()).isEqualTo(207);
        assertThat(answer.json().get("success")).hasSize(1);
        assertThat(answer.json().get("success").get(0).asText()).isEqualTo("urn:ngsi-ld:P:d2");
        JsonNode errors = answer.json().get("errors");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).get("entityId").asText()).isEqualTo("urn:ngsi-ld:P:d1");
        assertThat(errors.get(0).get("error").get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/AlreadyExists");
        assertThat(errors.get(0).get("error").get("status").asInt()).isEqualTo(409);
        assertThat(errors.get(1).get("error").get("type").asText()).endsWith("BadRequestData");
        assertThat(errors.get(2).get("entityId").asText()).isEqualTo("urn:ngsi-ld:P:d3");
        assertThat(errors.get(2).get("error").get("detail").asText()).contains("type");
    }

    @Test
    void upsertCreatesReplacesAndUpdates() {
        Http.Answer created = batch("upsert", "[" + entity("urn:ngsi-ld:P:u1", 1) + "]");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get(0).asText()).isEqualTo("urn:ngsi-ld:P:u1");

        Http.Answer replaced = batch("upsert", "[{\"id\": \"urn:ngsi-ld:P:u1\", \"type\": \"OffStreetParking\","
                + " \"spots\": {\"type\": \"Property\", \"value\": 5}}]");
        assertThat(replaced.status()).isEqualTo(204);
        assertThat(read("urn:ngsi-ld:P:u1").has("name")).isFalse();

        Http.Answer updated = http.post("/ngsi-ld/v1/entityOperations/upsert?options=update",
                "[{\"id\": \"urn:ngsi-ld:P:u1\", \"type\": \"OffStreetParking\", \"name\": {\"type\": \"Property\", \"value\": \"n\"}},"
                        + entity("urn:ngsi-ld:P:u2", 2) + "]", "NGSILD-Tenant", TENANT);
        assertThat(updated.status()).isEqualTo(201);
        assertThat(updated.json()).hasSize(1);
        assertThat(updated.json().get(0).asText()).isEqualTo("urn:ngsi-ld:P:u2");
        JsonNode merged = read("urn:ngsi-ld:P:u1");
        assertThat(merged.get("spots").get("value").asInt()).isEqualTo(5);
        assertThat(merged.get("name").get("value").asText()).isEqualTo("n");
    }

    @Test
    void laterElementsOfABatchSeeEarlierOnes() {
        Http.Answer answer = batch("upsert", "[" + entity("urn:ngsi-ld:P:seq", 1) + "," + entity("urn:ngsi-ld:P:seq", 2) + "]");
        assertThat(answer.status()).isEqualTo(201);
        assertThat(read("urn:ngsi-ld:P:seq").get("spots").get("value").asInt()).isEqualTo(2);
    }

    @Test
    void updateNeedsExistingEntitiesAndHonoursNoOverwrite() {
        batch("create", "[" + entity("urn:ngsi-ld:P:up1", 1) + "]");
        String change = "[{\"id\": \"urn:ngsi-ld:P:up1\", \"type\": \"OffStreetParking\", \"spots\": {\"type\": \"Property\", \"value\": 9}},"
                + "{\"id\": \"urn:ngsi-ld:P:none\", \"type\": \"OffStreetParking\", \"spots\": {\"type\": \"Property\", \"value\": 9}}]";
        Http.Answer noOverwrite = http.post("/ngsi-ld/v1/entityOperations/update?options=noOverwrite", change,
                "NGSILD-Tenant", TENANT);
        assertThat(noOverwrite.status()).isEqualTo(207);
        assertThat(read("urn:ngsi-ld:P:up1").get("spots").get("value").asInt()).isEqualTo(1);
        Http.Answer answer = batch("update", change);
        assertThat(answer.status()).isEqualTo(207);
        assertThat(answer.json().get("success").get(0).asText()).isEqualTo("urn:ngsi-ld:P:up1");
        assertThat(answer.json().get("errors").get(0).get("entityId").asText()).isEqualTo("urn:ngsi-ld:P:none");
        assertThat(answer.json().get("errors").get(0).get("error").get("type").asText()).endsWith("ResourceNotFound");
        assertThat(read("urn:ngsi-ld:P:up1").get("spots").get("value").asInt()).isEqualTo(9);
        assertThat(batch("update", "[{\"id\": \"urn:ngsi-ld:P:up1\", \"spots\": {\"type\": \"Property\", \"value\": 3}}]")
                .status()).isEqualTo(204);
    }

    @Test
    void mergeMergesEachEntity() {
        batch("create", "[" + entity("urn:ngsi-ld:P:m1", 1) + "]");
        assertThat(batch("merge", "[{\"id\": \"urn:ngsi-ld:P:m1\", \"spots\": {\"value\": 4}, \"name\": \"urn:ngsi-ld:null\"}]")
                .status()).isEqualTo(204);
        JsonNode merged = read("urn:ngsi-ld:P:m1");
        assertThat(merged.get("spots").get("value").asInt()).isEqualTo(4);
        assertThat(merged.has("name")).isFalse();
    }

    @Test
    void deleteRemovesAndReportsUnknownIds() {
        batch("create", "[" + entity("urn:ngsi-ld:P:del1", 1) + "," + entity("urn:ngsi-ld:P:del2", 1) + "]");
        assertThat(batch("delete", "[\"urn:ngsi-ld:P:del1\"]").status()).isEqualTo(204);
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:P:del1", "NGSILD-Tenant", TENANT).status()).isEqualTo(404);
        Http.Answer partly = batch("delete", "[\"urn:ngsi-ld:P:del2\", \"urn:ngsi-ld:P:gone\", 5]");
        assertThat(partly.status()).isEqualTo(207);
        assertThat(partly.json().get("success").get(0).asText()).isEqualTo("urn:ngsi-ld:P:del2");
        assertThat(partly.json().get("errors")).hasSize(2);
    }

    @Test
    void malformedBatchesAreBadRequests() {
        assertThat(batch("create", "{\"id\": \"urn:a:b\"}").errorType()).isEqualTo("BadRequestData");
        assertThat(batch("upsert", "[]").status()).isEqualTo(400);
        String tooMany = IntStream.range(0, TestPlatform.MAX_BATCH_SIZE + 1)
                .mapToObj(i -> "{\"id\": \"urn:ngsi-ld:P:many" + i + "\", \"type\": \"P\"}")
                .collect(Collectors.joining(",", "[", "]"));
        Http.Answer answer = batch("upsert", tooMany);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("detail").asText()).contains(String.valueOf(TestPlatform.MAX_BATCH_SIZE));
    }

    @Test
    void aLargeBatchIsWrittenCompletely() {
        String body = IntStream.range(0, TestPlatform.MAX_BATCH_SIZE)
                .mapToObj(i -> entity("urn:ngsi-ld:P:large" + i, i)).collect(Collectors.joining(",", "[", "]"));
        assertThat(batch("upsert", body).status()).isEqualTo(201);
        assertThat(read("urn:ngsi-ld:P:large" + (TestPlatform.MAX_BATCH_SIZE - 1)).get("spots").get("value").asInt())
                .isEqualTo(TestPlatform.MAX_BATCH_SIZE - 1);
    }
}
