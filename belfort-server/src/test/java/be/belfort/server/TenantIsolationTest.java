package be.belfort.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A tenant (a city) never sees or changes another tenant's entities. */
class TenantIsolationTest {
    private static final String ID = "urn:ngsi-ld:OffStreetParking:shared-id";
    private final Http http = new Http(TestPlatform.shared().port());

    private static String entity(int spots) {
        return "{\"id\": \"" + ID + "\", \"type\": \"OffStreetParking\", \"spots\": {\"type\": \"Property\", \"value\": "
                + spots + "}}";
    }

    @Test
    void theSameIdLivesIndependentlyInTwoTenants() {
        assertThat(http.post("/ngsi-ld/v1/entities", entity(1), "NGSILD-Tenant", "iso-leuven").status()).isEqualTo(201);
        assertThat(http.post("/ngsi-ld/v1/entities", entity(2), "NGSILD-Tenant", "iso-kortrijk").status()).isEqualTo(201);

        assertThat(http.get("/ngsi-ld/v1/entities/" + ID, "NGSILD-Tenant", "iso-leuven").json()
                .get("spots").get("value").asInt()).isEqualTo(1);
        assertThat(http.get("/ngsi-ld/v1/entities/" + ID, "NGSILD-Tenant", "iso-kortrijk").json()
                .get("spots").get("value").asInt()).isEqualTo(2);

        assertThat(http.delete("/ngsi-ld/v1/entities/" + ID, "NGSILD-Tenant", "iso-leuven").status()).isEqualTo(204);
        assertThat(http.get("/ngsi-ld/v1/entities/" + ID, "NGSILD-Tenant", "iso-kortrijk").status()).isEqualTo(200);
    }

    @Test
    void anEntityOfOneTenantIsNotFoundInAnother() {
        http.post("/ngsi-ld/v1/entities", entity(1).replace("shared-id", "only-gent"), "NGSILD-Tenant", "iso-gent");
        http.post("/ngsi-ld/v1/entities", entity(1).replace("shared-id", "other"), "NGSILD-Tenant", "iso-aalst");
        String path = "/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:only-gent";

        Http.Answer otherTenant = http.get(path, "NGSILD-Tenant", "iso-aalst");
        assertThat(otherTenant.status()).isEqualTo(404);
        assertThat(otherTenant.errorType()).isEqualTo("ResourceNotFound");
        assertThat(http.get(path).status()).isEqualTo(404);
        assertThat(http.patch(path + "/attrs/spots", "{\"value\": 5}", "NGSILD-Tenant", "iso-aalst").status()).isEqualTo(404);
        assertThat(http.delete(path, "NGSILD-Tenant", "iso-aalst").status()).isEqualTo(404);
        assertThat(http.get(path, "NGSILD-Tenant", "iso-gent").json().get("spots").get("value").asInt()).isEqualTo(1);
    }

    @Test
    void batchesStayInTheirTenant() {
        http.post("/ngsi-ld/v1/entities", entity(7).replace("shared-id", "batch-iso"), "NGSILD-Tenant", "iso-genk");
        Http.Answer upsert = http.post("/ngsi-ld/v1/entityOperations/upsert", "[" + entity(99).replace("shared-id", "batch-iso")
                + "]", "NGSILD-Tenant", "iso-hasselt");
        assertThat(upsert.status()).isEqualTo(201);
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:batch-iso", "NGSILD-Tenant", "iso-genk")
                .json().get("spots").get("value").asInt()).isEqualTo(7);
        Http.Answer delete = http.post("/ngsi-ld/v1/entityOperations/delete",
                "[\"urn:ngsi-ld:OffStreetParking:batch-iso\"]", "NGSILD-Tenant", "iso-mechelen");
        assertThat(delete.status()).isEqualTo(207);
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:batch-iso", "NGSILD-Tenant", "iso-genk")
                .status()).isEqualTo(200);
    }

    @Test
    void readingATenantNobodyWroteToIsNonexistentTenant() {
        Http.Answer answer = http.get("/ngsi-ld/v1/entities/" + ID, "NGSILD-Tenant", "iso-never-written");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorType()).isEqualTo("NonexistentTenant");
    }

    @Test
    void theTenantIsCreatedOnFirstWriteAndEchoed() {
        Http.Answer created = http.post("/ngsi-ld/v1/entities", entity(1), "NGSILD-Tenant", "iso-oostende");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("NGSILD-Tenant")).isEqualTo("iso-oostende");
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:X:nothing", "NGSILD-Tenant", "iso-oostende").errorType())
                .isEqualTo("ResourceNotFound");
    }

    @Test
    void anInvalidTenantNameIsABadRequest() {
        Http.Answer answer = http.get("/ngsi-ld/v1/entities/" + ID, "NGSILD-Tenant", "bad tenant!");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo("BadRequestData");
    }
}
