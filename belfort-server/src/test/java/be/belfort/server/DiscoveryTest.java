package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /types, /types/{type}, /attributes and /attributes/{attrId}, per tenant. */
class DiscoveryTest {
    private static final String TENANT = "discovery";
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final String CONTEXT = "<%s>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";

    @BeforeAll
    static void load() {
        assertThat(HTTP.post("/ngsi-ld/v1/entityOperations/create", """
            [{"id": "urn:ngsi-ld:OffStreetParking:d1", "type": "OffStreetParking",
              "free": {"type": "Property", "value": 5}, "refTown": {"type": "Relationship", "object": "urn:x:gent"}},
             {"id": "urn:ngsi-ld:OffStreetParking:d2", "type": "OffStreetParking", "free": {"type": "Property", "value": 7}},
             {"id": "urn:ngsi-ld:Building:d1", "type": "Building", "free": {"type": "GeoProperty",
               "value": {"type": "Point", "coordinates": [4, 51]}}}]""", "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        HTTP.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Secret:1\", \"type\": \"Secret\"}",
                "NGSILD-Tenant", TENANT + "-other");
    }

    @Test
    void typesAreListedPerTenant() {
        JsonNode list = get("/ngsi-ld/v1/types").json();
        assertThat(list.get("type").asText()).isEqualTo("EntityTypeList");
        assertThat(list.get("id").asText()).startsWith("urn:ngsi-ld:EntityTypeList:");
        assertThat(strings(list.get("typeList"))).containsExactlyInAnyOrder("OffStreetParking", "Building");

        JsonNode details = get("/ngsi-ld/v1/types?details=true").json();
        assertThat(details).hasSize(2);
        JsonNode parking = details.get(0).get("typeName").asText().equals("OffStreetParking") ? details.get(0) : details.get(1);
        assertThat(parking.get("type").asText()).isEqualTo("EntityType");
        assertThat(parking.get("id").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/default-context/OffStreetParking");
        assertThat(strings(parking.get("attributeNames"))).containsExactlyInAnyOrder("free", "refTown");
    }

    @Test
    void oneTypeInDetail() {
        JsonNode info = get("/ngsi-ld/v1/types/OffStreetParking").json();
        assertThat(info.get("type").asText()).isEqualTo("EntityTypeInfo");
        assertThat(info.get("entityCount").asLong()).isEqualTo(2);
        assertThat(info.get("attributeDetails")).hasSize(2);
        JsonNode refTown = info.get("attributeDetails").get(1);
        assertThat(refTown.get("attributeName").asText()).isEqualTo("refTown");
        assertThat(strings(refTown.get("attributeTypes"))).containsExactly("Relationship");
        assertThat(get("/ngsi-ld/v1/types/Secret").status()).isEqualTo(404);
        assertThat(get("/ngsi-ld/v1/types/Secret").errorType()).isEqualTo("ResourceNotFound");
    }

    @Test
    void attributesAreListedWithTheirTypes() {
        JsonNode list = get("/ngsi-ld/v1/attributes").json();
        assertThat(list.get("type").asText()).isEqualTo("AttributeList");
        assertThat(strings(list.get("attributeList"))).containsExactlyInAnyOrder("free", "refTown");

        JsonNode free = get("/ngsi-ld/v1/attributes/free").json();
        assertThat(free.get("type").asText()).isEqualTo("Attribute");
        assertThat(free.get("attributeCount").asLong()).isEqualTo(3);
        assertThat(strings(free.get("attributeTypes"))).containsExactly("GeoProperty", "Property");
        assertThat(strings(free.get("typeNames"))).containsExactlyInAnyOrder("Building", "OffStreetParking");
        assertThat(get("/ngsi-ld/v1/attributes?details=true").json()).hasSize(2);
        assertThat(get("/ngsi-ld/v1/attributes/nothing").status()).isEqualTo(404);
        assertThat(get("/ngsi-ld/v1/attributes?details=maybe").errorType()).isEqualTo("BadRequestData");
    }

    @Test
    void namesAreCompactedWithTheRequestContext() {
        Http.Answer hosted = HTTP.post("/ngsi-ld/v1/jsonldContexts", "{\"@context\": {\"ex\":"
                + " \"https://uri.etsi.org/ngsi-ld/default-context/\", \"Parking\": \"ex:OffStreetParking\"}}");
        assertThat(hosted.status()).isEqualTo(201);
        String url = "http://localhost:" + TestPlatform.shared().port() + hosted.header("Location");
        JsonNode list = HTTP.get("/ngsi-ld/v1/types", "NGSILD-Tenant", TENANT, "Link", CONTEXT.formatted(url)).json();
        assertThat(strings(list.get("typeList"))).contains("Parking");
        assertThat(HTTP.get("/ngsi-ld/v1/types/Parking", "NGSILD-Tenant", TENANT, "Link", CONTEXT.formatted(url))
                .json().get("entityCount").asLong()).isEqualTo(2);
        Http.Answer jsonLd = HTTP.get("/ngsi-ld/v1/types", "NGSILD-Tenant", TENANT, "Accept", "application/ld+json");
        assertThat(jsonLd.json().has("@context")).isTrue();
    }

    @Test
    void unknownTenantsAreAnError() {
        assertThat(HTTP.get("/ngsi-ld/v1/types", "NGSILD-Tenant", "discovery-none").errorType())
                .isEqualTo("NonexistentTenant");
    }

    private static Http.Answer get(String path) {
        return HTTP.get(path, "NGSILD-Tenant", TENANT);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
