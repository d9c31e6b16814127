package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /entities by id, id pattern, type and attribute presence, paged and counted. */
class EntityQueryTest {
    private static final String TENANT = "entity-query";
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    @BeforeAll
    static void load() {
        String parkings = IntStream.range(0, 25).mapToObj(i -> """
                {"id": "urn:ngsi-ld:OffStreetParking:q%02d", "type": "OffStreetParking",
                 "spots": {"type": "Property", "value": %d}}""".formatted(i, i)).collect(Collectors.joining(","));
        String others = """
                {"id": "urn:ngsi-ld:Building:q1", "type": "Building", "name": {"type": "Property", "value": "b"}},
                {"id": "urn:ngsi-ld:AirQualityObserved:q1", "type": "AirQualityObserved", "no2": {"type": "Property", "value": 5}}""";
        assertThat(HTTP.post("/ngsi-ld/v1/entityOperations/upsert", "[" + parkings + "," + others + "]",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        HTTP.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Building:elsewhere\", \"type\": \"Building\"}",
                "NGSILD-Tenant", TENANT + "-other");
    }

    private static Http.Answer query(String parameters) {
        return HTTP.get("/ngsi-ld/v1/entities?" + parameters, "NGSILD-Tenant", TENANT);
    }

    @Test
    void byTypeGivesAPageOrderedByIdWithANextLink() {
        Http.Answer answer = query("type=OffStreetParking&limit=10&count=true");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).hasSize(10);
        assertThat(answer.json().get(0).get("id").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:q00");
        assertThat(answer.header("NGSILD-Results-Count")).isEqualTo("25");
        assertThat(answer.header("Link")).contains("rel=\"next\"").contains("offset=10&limit=10")
                .contains("json-ld#context");

        Http.Answer last = query("type=OffStreetParking&limit=10&offset=20");
        assertThat(last.json()).hasSize(5);
        assertThat(last.json().get(4).get("id").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:q24");
        assertThat(last.header("Link")).doesNotContain("rel=\"next\"").contains("rel=\"prev\"");
    }

    @Test
    void typesIdsPatternsAndAttributesFilter() {
        assertThat(ids(query("type=Building,AirQualityObserved"))).containsExactly(
                "urn:ngsi-ld:AirQualityObserved:q1", "urn:ngsi-ld:Building:q1");
        assertThat(ids(query("type=Building%7CAirQualityObserved"))).hasSize(2);
        assertThat(ids(query("id=urn:ngsi-ld:Building:q1,urn:ngsi-ld:OffStreetParking:q03"))).containsExactly(
                "urn:ngsi-ld:Building:q1", "urn:ngsi-ld:OffStreetParking:q03");
        assertThat(ids(query("idPattern=.*:q2[0-9]$"))).containsExactly("urn:ngsi-ld:OffStreetParking:q20",
                "urn:ngsi-ld:OffStreetParking:q21", "urn:ngsi-ld:OffStreetParking:q22", "urn:ngsi-ld:OffStreetParking:q23",
                "urn:ngsi-ld:OffStreetParking:q24");
        assertThat(ids(query("attrs=no2,name"))).containsExactly("urn:ngsi-ld:AirQualityObserved:q1",
                "urn:ngsi-ld:Building:q1");
        assertThat(ids(query("type=Building&id=urn:ngsi-ld:OffStreetParking:q03"))).isEmpty();
    }

    @Test
    void representationsApplyToEveryResult() {
        JsonNode keyValues = query("id=urn:ngsi-ld:OffStreetParking:q07&options=keyValues").json();
        assertThat(keyValues.get(0).get("spots").asInt()).isEqualTo(7);
        Http.Answer jsonLd = HTTP.get("/ngsi-ld/v1/entities?id=urn:ngsi-ld:OffStreetParking:q07", "NGSILD-Tenant", TENANT,
                "Accept", "application/ld+json");
        assertThat(jsonLd.json().get(0).get("@context").asText()).contains("ngsi-ld-core-context");
    }

    @Test
    void countOnlyWithLimitZero() {
        Http.Answer answer = query("type=OffStreetParking&limit=0&count=true");
        assertThat(answer.json()).isEmpty();
        assertThat(answer.header("NGSILD-Results-Count")).isEqualTo("25");
    }

    @Test
    void tenantsStayApart() {
        assertThat(ids(query("type=Building"))).containsExactly("urn:ngsi-ld:Building:q1");
        assertThat(HTTP.get("/ngsi-ld/v1/entities?type=Building", "NGSILD-Tenant", "entity-query-never").errorType())
                .isEqualTo("NonexistentTenant");
    }

    @Test
    void badQueriesAreRejectedClearly() {
        assertThat(query("").errorType()).isEqualTo("BadRequestData");
        assertThat(query("type=Building&limit=-1").errorType()).isEqualTo("BadRequestData");
        assertThat(query("type=Building&limit=x").errorType()).isEqualTo("BadRequestData");
        assertThat(query("type=Building&limit=0").errorType()).isEqualTo("BadRequestData");
        assertThat(query("type=Building&limit=5000").errorType()).isEqualTo("TooManyResults");
        assertThat(query("idPattern=(unclosed").errorType()).isEqualTo("BadRequestData");
        assertThat(query("id=not%20a%20uri").errorType()).isEqualTo("BadRequestData");
        assertThat(ids(query("type=OffStreetParking&q=spots%3E21"))).containsExactly(
                "urn:ngsi-ld:OffStreetParking:q22", "urn:ngsi-ld:OffStreetParking:q23", "urn:ngsi-ld:OffStreetParking:q24");
        assertThat(query("type=Building%27%20OR%20%271%27=%271").status()).isEqualTo(400);
        assertThat(query("idPattern=%27%20OR%201=1--").json()).isEmpty();
        assertThat(query("type=OffStreetParking&count=true").header("NGSILD-Results-Count")).isEqualTo("25");
    }

    private static java.util.List<String> ids(Http.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        java.util.List<String> ids = new java.util.ArrayList<>();
        answer.json().forEach(entity -> ids.add(entity.get("id").asText()));
        return ids;
    }
}
