package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/** Append, update, partial update, replace and delete of attributes; replace and merge of entities. */
class AttributeOperationsTest {
    private static final String TENANT = "attribute-operations";
    private final Http http = new Http(TestPlatform.shared().port());

    private String create(TestInfo test) {
        String id = "urn:ngsi-ld:OffStreetParking:" + test.getTestMethod().orElseThrow().getName();
        Http.Answer created = http.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "OffStreetParking",
                 "spots": {"type": "Property", "value": 120, "unitCode": "C62", "observedAt": "2026-11-22T10:00:00Z",
                           "accuracy": {"type": "Property", "value": 1}},
                 "name": {"type": "Property", "value": "P1"}}
                """.formatted(id), "NGSILD-Tenant", TENANT);
        assertThat(created.status()).isEqualTo(201);
        return id;
    }

    private JsonNode read(String id) {
        Http.Answer answer = http.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    private Http.Answer send(String method, String path, String body) {
        return http.send(method, path, body, "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
    }

    @Test
    void appendAddsAndOverwrites(TestInfo test) {
        String id = create(test);
        Http.Answer answer = send("POST", "/ngsi-ld/v1/entities/" + id + "/attrs",
                "{\"spots\": {\"type\": \"Property\", \"value\": 99}, \"free\": {\"type\": \"Property\", \"value\": true}}");
        assertThat(answer.status()).isEqualTo(204);
        JsonNode entity = read(id);
        assertThat(entity.get("spots").get("value").asInt()).isEqualTo(99);
        assertThat(entity.get("spots").has("unitCode")).isFalse();
        assertThat(entity.get("free").get("value").asBoolean()).isTrue();
    }

    @Test
    void appendWithNoOverwriteKeepsExistingValuesAndReportsThem(TestInfo test) {
        String id = create(test);
        Http.Answer answer = send("POST", "/ngsi-ld/v1/entities/" + id + "/attrs?options=noOverwrite",
                "{\"spots\": {\"type\": \"Property\", \"value\": 99}, \"free\": {\"type\": \"Property\", \"value\": true}}");
        assertThat(answer.status()).isEqualTo(207);
        assertThat(answer.json().get("updated")).containsExactly(Http.JSON.getNodeFactory().textNode("free"));
        assertThat(answer.json().get("notUpdated").get(0).get("attributeName").asText()).isEqualTo("spots");
        assertThat(answer.json().get("notUpdated").get(0).get("reason").asText()).isNotBlank();
        assertThat(read(id).get("spots").get("value").asInt()).isEqualTo(120);
    }

    @Test
    void updateChangesExistingAttributesOnly(TestInfo test) {
        String id = create(test);
        assertThat(send("PATCH", "/ngsi-ld/v1/entities/" + id + "/attrs",
                "{\"name\": {\"type\": \"Property\", \"value\": \"P1 Vrijdagmarkt\"}}").status()).isEqualTo(204);
        assertThat(read(id).get("name").get("value").asText()).isEqualTo("P1 Vrijdagmarkt");

        Http.Answer partial = send("PATCH", "/ngsi-ld/v1/entities/" + id + "/attrs",
                "{\"name\": {\"type\": \"Property\", \"value\": \"x\"}, \"unknown\": {\"type\": \"Property\", \"value\": 1}}");
        assertThat(partial.status()).isEqualTo(207);
        assertThat(partial.json().get("notUpdated").get(0).get("attributeName").asText()).isEqualTo("unknown");
        assertThat(read(id).has("unknown")).isFalse();
    }

    @Test
    void partialUpdateMergesIntoTheAttribute(TestInfo test) {
        String id = create(test);
        assertThat(send("PATCH", "/ngsi-ld/v1/entities/" + id + "/attrs/spots",
                "{\"value\": 80, \"observedAt\": \"2026-11-22T11:00:00Z\", \"accuracy\": {\"type\": \"Property\", \"value\": 2}}")
                .status()).isEqualTo(204);
        JsonNode spots = read(id).get("spots");
        assertThat(spots.get("value").asInt()).isEqualTo(80);
        assertThat(spots.get("observedAt").asText()).isEqualTo("2026-11-22T11:00:00Z");
        assertThat(spots.get("unitCode").asText()).isEqualTo("C62");
        assertThat(spots.get("type").asText()).isEqualTo("Property");
        assertThat(spots.get("accuracy").get("value").asInt()).isEqualTo(2);
    }

    @Test
    void partialUpdateOfSomethingMissingIsNotFound(TestInfo test) {
        String id = create(test);
        Http.Answer noAttribute = send("PATCH", "/ngsi-ld/v1/entities/" + id + "/attrs/unknown", "{\"value\": 1}");
        assertThat(noAttribute.status()).isEqualTo(404);
        assertThat(noAttribute.errorType()).isEqualTo("ResourceNotFound");
        Http.Answer noEntity = send("PATCH", "/ngsi-ld/v1/entities/urn:ngsi-ld:X:none/attrs/spots", "{\"value\": 1}");
        assertThat(noEntity.status()).isEqualTo(404);
    }

    @Test
    void replaceAttributeSwapsTheWholeAttribute(TestInfo test) {
        String id = create(test);
        assertThat(send("PUT", "/ngsi-ld/v1/entities/" + id + "/attrs/spots",
                "{\"type\": \"Property\", \"value\": 5}").status()).isEqualTo(204);
        JsonNode spots = read(id).get("spots");
        assertThat(spots.get("value").asInt()).isEqualTo(5);
        assertThat(spots.has("unitCode")).isFalse();
        assertThat(spots.has("accuracy")).isFalse();
        assertThat(send("PUT", "/ngsi-ld/v1/entities/" + id + "/attrs/unknown",
                "{\"type\": \"Property\", \"value\": 5}").status()).isEqualTo(404);
    }

    @Test
    void deleteAttributeRemovesInstancesByDataset(TestInfo test) {
        String id = create(test);
        send("POST", "/ngsi-ld/v1/entities/" + id + "/attrs", """
                {"temperature": [{"type": "Property", "value": 1},
                                 {"type": "Property", "value": 2, "datasetId": "urn:ngsi-ld:Dataset:b"},
                                 {"type": "Property", "value": 3, "datasetId": "urn:ngsi-ld:Dataset:c"}]}""");
        String path = "/ngsi-ld/v1/entities/" + id + "/attrs/temperature";

        assertThat(http.delete(path + "?datasetId=urn:ngsi-ld:Dataset:b", "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        assertThat(read(id).get("temperature")).hasSize(2);
        assertThat(http.delete(path, "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        assertThat(read(id).get("temperature").get("datasetId").asText()).isEqualTo("urn:ngsi-ld:Dataset:c");
        assertThat(http.delete(path, "NGSILD-Tenant", TENANT).status()).isEqualTo(404);
        assertThat(http.delete(path + "?deleteAll=true", "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        assertThat(read(id).has("temperature")).isFalse();
        assertThat(http.delete(path + "?deleteAll=true", "NGSILD-Tenant", TENANT).status()).isEqualTo(404);
    }

    @Test
    void replaceEntityDropsWhatIsNotSent(TestInfo test) {
        String id = create(test);
        assertThat(send("PUT", "/ngsi-ld/v1/entities/" + id,
                "{\"type\": \"Garage\", \"capacity\": {\"type\": \"Property\", \"value\": 10}}").status()).isEqualTo(204);
        JsonNode entity = read(id);
        assertThat(entity.get("type").asText()).isEqualTo("Garage");
        assertThat(entity.get("capacity").get("value").asInt()).isEqualTo(10);
        assertThat(entity.has("spots")).isFalse();
        assertThat(send("PUT", "/ngsi-ld/v1/entities/urn:ngsi-ld:X:none", "{\"type\": \"Garage\"}").status())
                .isEqualTo(404);
    }

    @Test
    void mergeAddsChangesAndDeletesWithTheNgsiLdNull(TestInfo test) {
        String id = create(test);
        assertThat(send("PATCH", "/ngsi-ld/v1/entities/" + id, """
                {"spots": {"value": 7}, "name": "urn:ngsi-ld:null", "free": {"type": "Property", "value": false}}""")
                .status()).isEqualTo(204);
        JsonNode entity = read(id);
        assertThat(entity.get("spots").get("value").asInt()).isEqualTo(7);
        assertThat(entity.get("spots").get("unitCode").asText()).isEqualTo("C62");
        assertThat(entity.has("name")).isFalse();
        assertThat(entity.get("free").get("value").asBoolean()).isFalse();
        assertThat(http.send("PATCH", "/ngsi-ld/v1/entities/" + id, "{\"spots\": 8}", "Content-Type",
                "application/merge-patch+json", "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        assertThat(read(id).get("spots").get("value").asInt()).isEqualTo(8);
    }

    @Test
    void theNgsiLdNullIsRejectedOutsideMergeAndPartialUpdate(TestInfo test) {
        Http.Answer answer = http.post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:X:%s", "type": "X", "a": {"type": "Property", "value": "urn:ngsi-ld:null"}}"""
                .formatted(test.getTestMethod().orElseThrow().getName()), "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo("BadRequestData");
    }

    @Test
    void modifiedAtMovesOnAChangeAndCreatedAtStays(TestInfo test) throws InterruptedException {
        String id = create(test);
        JsonNode before = http.get("/ngsi-ld/v1/entities/" + id + "?options=sysAttrs", "NGSILD-Tenant", TENANT).json();
        Thread.sleep(5);
        send("PATCH", "/ngsi-ld/v1/entities/" + id + "/attrs/spots", "{\"value\": 1}");
        JsonNode after = http.get("/ngsi-ld/v1/entities/" + id + "?options=sysAttrs", "NGSILD-Tenant", TENANT).json();
        assertThat(after.get("createdAt")).isEqualTo(before.get("createdAt"));
        // compared as instants: a time on a whole second is written without a fraction, which sorts after ".018Z"
        assertThat(java.time.Instant.parse(after.get("modifiedAt").asText()))
                .isAfter(java.time.Instant.parse(before.get("modifiedAt").asText()));
        assertThat(after.get("spots").get("createdAt")).isEqualTo(before.get("spots").get("createdAt"));
        assertThat(after.get("name").get("modifiedAt")).isEqualTo(before.get("name").get("modifiedAt"));
    }
}
