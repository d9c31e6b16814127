package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paths, URL parameters, paging links, tenant echo and GeoJSON on retrieval (ETSI GS CIM 009 v1.8): what a client
 * written against the specification expects of the edges of the entity API.
 */
class PathsAndParametersTest {
    private static final String TENANT = "paths";
    private static final String ENTITIES = "/ngsi-ld/v1/entities";
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    @BeforeAll
    static void twoCarParks() {
        for (int i = 1; i <= 2; i++) {
            Http.Answer created = HTTP.post(ENTITIES, "{\"id\": \"urn:ngsi-ld:OffStreetParking:paths-" + i + "\","
                    + " \"type\": \"OffStreetParking\", \"name\": {\"type\": \"Property\", \"value\": \"P" + i + "\"},"
                    + " \"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\", \"coordinates\": [3.72, 51.05]}}}",
                    "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
    }

    @Test
    void anEmptyIdSegmentIsABadRequestNotAnUnknownEndpoint() {
        Http.Answer answer = HTTP.patch(ENTITIES + "//attrs/name", "{\"value\": 1}", "Content-Type", "application/json",
                "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
    }

    @Test
    void anUnknownUrlParameterIsAnInvalidRequestOnQueryAndRetrieval() {
        Http.Answer query = HTTP.get(ENTITIES + "?tpye=OffStreetParking", "NGSILD-Tenant", TENANT);
        assertThat(query.status()).as(query.body()).isEqualTo(400);
        assertThat(query.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/InvalidRequest");
        assertThat(query.json().get("detail").asText()).contains("tpye");
        Http.Answer retrieve = HTTP.get(ENTITIES + "/urn:ngsi-ld:OffStreetParking:paths-1?atrs=name", "NGSILD-Tenant", TENANT);
        assertThat(retrieve.status()).as(retrieve.body()).isEqualTo(400);
        assertThat(retrieve.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/InvalidRequest");
        assertThat(HTTP.get(ENTITIES + "?type=OffStreetParking&local=true&count=true", "NGSILD-Tenant", TENANT).status())
                .as("parameters of the specification are known").isEqualTo(200);
    }

    @Test
    void localTrueAloneIsAValidQueryForEveryLocalEntity() {
        Http.Answer answer = HTTP.get(ENTITIES + "?local=true", "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json()).hasSize(2);
        assertThat(HTTP.get(ENTITIES, "NGSILD-Tenant", TENANT).status()).as("without any selector").isEqualTo(400);
    }

    @Test
    void theLastPageCarriesNoNextLinkWhenTheCountIsKnown() {
        Http.Answer first = HTTP.get(ENTITIES + "?type=OffStreetParking&limit=1&count=true", "NGSILD-Tenant", TENANT);
        assertThat(first.header("Link")).contains("rel=\"next\"");
        Http.Answer last = HTTP.get(ENTITIES + "?type=OffStreetParking&limit=1&offset=1&count=true", "NGSILD-Tenant", TENANT);
        assertThat(last.header("NGSILD-Results-Count")).isEqualTo("2");
        assertThat(last.header("Link")).doesNotContain("rel=\"next\"").contains("rel=\"prev\"");
    }

    @Test
    void theTenantOfTheRequestIsEchoedInTheAnswer() {
        assertThat(HTTP.get(ENTITIES + "/urn:ngsi-ld:OffStreetParking:paths-1", "NGSILD-Tenant", TENANT)
                .header("NGSILD-Tenant")).isEqualTo(TENANT);
        assertThat(HTTP.get(ENTITIES + "?type=OffStreetParking", "NGSILD-Tenant", TENANT).header("NGSILD-Tenant"))
                .isEqualTo(TENANT);
        assertThat(HTTP.get(ENTITIES + "?type=OffStreetParking").header("NGSILD-Tenant")).as("no tenant named").isNull();
    }

    @Test
    void anEntityIsRetrievedAsAGeoJsonFeature() {
        Http.Answer answer = HTTP.get(ENTITIES + "/urn:ngsi-ld:OffStreetParking:paths-1?options=keyValues",
                "NGSILD-Tenant", TENANT, "Accept", "application/geo+json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualTo("application/geo+json");
        JsonNode feature = answer.json();
        assertThat(feature.get("type").asText()).isEqualTo("Feature");
        assertThat(feature.get("id").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:paths-1");
        assertThat(feature.at("/geometry/type").asText()).isEqualTo("Point");
        assertThat(feature.at("/properties/name").asText()).isEqualTo("P1");
    }

    @Test
    void appendAndUpdateAddTheTypesTheirFragmentNames() {
        String id = ENTITIES + "/urn:ngsi-ld:OffStreetParking:paths-2";
        Http.Answer appended = HTTP.post(id + "/attrs", "{\"type\": \"ParkingSite\", \"spots\": 12}",
                "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(appended.status()).as(appended.body()).isEqualTo(204);
        Http.Answer updated = HTTP.patch(id + "/attrs", "{\"type\": [\"Facility\"], \"spots\": 13}",
                "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(updated.status()).as(updated.body()).isEqualTo(204);
        JsonNode types = HTTP.get(id, "NGSILD-Tenant", TENANT).json().get("type");
        assertThat(types).extracting(JsonNode::asText).containsExactly("OffStreetParking", "ParkingSite", "Facility");
        assertThat(HTTP.get(ENTITIES + "?type=Facility", "NGSILD-Tenant", TENANT).json()).hasSize(1);
    }
}
