package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch update and upsert as ETSI GS CIM 009 v1.8 describes them (clauses 5.6.8, 5.6.9): each element behaves as
 * Append Entity Attributes, so it adds the entity types it names and, under {@code options=noOverwrite}, keeps
 * existing attributes; an entity that was not written whole is reported (207) rather than counted a success.
 * And {@code type=*}, which clients send for "any type".
 */
class BatchConformanceTest {
    private static final String TENANT = "batch-conformance";
    private final Http http = new Http(TestPlatform.shared().port());

    private Http.Answer post(String path, String body) {
        return http.post(path, body, "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
    }

    private JsonNode read(String id) {
        return http.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT).json();
    }

    private void create(String id) {
        Http.Answer created = post("/ngsi-ld/v1/entities", "{\"id\": \"" + id + "\", \"type\": \"OffStreetParking\","
                + " \"spots\": {\"type\": \"Property\", \"value\": 1}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void batchUpdateWithNoOverwriteReportsTheEntitiesItDidNotWriteWhole() {
        create("urn:ngsi-ld:OffStreetParking:bc-1");
        create("urn:ngsi-ld:OffStreetParking:bc-2");
        Http.Answer answer = post("/ngsi-ld/v1/entityOperations/update?options=noOverwrite",
                "[{\"id\": \"urn:ngsi-ld:OffStreetParking:bc-1\", \"spots\": {\"type\": \"Property\", \"value\": 9},"
                        + " \"free\": {\"type\": \"Property\", \"value\": 4}},"
                        + " {\"id\": \"urn:ngsi-ld:OffStreetParking:bc-2\", \"free\": {\"type\": \"Property\", \"value\": 5}}]");
        assertThat(answer.status()).as(answer.body()).isEqualTo(207);
        assertThat(answer.json().get("success")).extracting(JsonNode::asText)
                .containsExactly("urn:ngsi-ld:OffStreetParking:bc-2");
        JsonNode error = answer.json().at("/errors/0");
        assertThat(error.get("entityId").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:bc-1");
        assertThat(error.at("/error/type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
        assertThat(error.at("/error/detail").asText()).as("named as sent, not as expanded IRIs")
                .isEqualTo("Not overwritten (noOverwrite): spots");
        JsonNode kept = read("urn:ngsi-ld:OffStreetParking:bc-1");
        assertThat(kept.at("/spots/value").asInt()).as("not overwritten").isEqualTo(1);
        assertThat(kept.at("/free/value").asInt()).as("what could be added was added").isEqualTo(4);
    }

    @Test
    void batchUpdateAddsTheTypesItsElementsName() {
        create("urn:ngsi-ld:OffStreetParking:bc-3");
        Http.Answer answer = post("/ngsi-ld/v1/entityOperations/update",
                "[{\"id\": \"urn:ngsi-ld:OffStreetParking:bc-3\", \"type\": \"ParkingSite\","
                        + " \"spots\": {\"type\": \"Property\", \"value\": 2}}]");
        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
        assertThat(read("urn:ngsi-ld:OffStreetParking:bc-3").get("type")).extracting(JsonNode::asText)
                .containsExactly("OffStreetParking", "ParkingSite");
        Http.Answer upsert = post("/ngsi-ld/v1/entityOperations/upsert?options=update",
                "[{\"id\": \"urn:ngsi-ld:OffStreetParking:bc-3\", \"type\": \"Facility\","
                        + " \"spots\": {\"type\": \"Property\", \"value\": 3}}]");
        assertThat(upsert.status()).as(upsert.body()).isEqualTo(204);
        assertThat(read("urn:ngsi-ld:OffStreetParking:bc-3").get("type")).extracting(JsonNode::asText)
                .containsExactly("OffStreetParking", "ParkingSite", "Facility");
    }

    @Test
    void typeStarSelectsEntitiesOfAnyType() {
        create("urn:ngsi-ld:OffStreetParking:bc-star");
        Http.Answer device = post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Device:bc-star\", \"type\": \"Device\"}");
        assertThat(device.status()).isEqualTo(201);
        Http.Answer all = http.get("/ngsi-ld/v1/entities?type=*&idPattern=.*bc-star", "NGSILD-Tenant", TENANT);
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(all.json()).extracting(entity -> entity.get("id").asText())
                .containsExactly("urn:ngsi-ld:Device:bc-star", "urn:ngsi-ld:OffStreetParking:bc-star");
        Http.Answer alone = http.get("/ngsi-ld/v1/entities?type=*&limit=1000", "NGSILD-Tenant", TENANT);
        assertThat(alone.status()).as("type=* alone is a selector: " + alone.body()).isEqualTo(200);
        assertThat(alone.json().size()).isGreaterThanOrEqualTo(2);
        Http.Answer posted = post("/ngsi-ld/v1/entityOperations/query",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"*\", \"id\": \"urn:ngsi-ld:Device:bc-star\"}]}");
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(posted.json()).extracting(entity -> entity.get("id").asText())
                .containsExactly("urn:ngsi-ld:Device:bc-star");
    }
}
