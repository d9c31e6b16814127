package be.belfort.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntityLifecycleTest {
    private final Http http = new Http(TestPlatform.shared().port());

    @Test
    void createdEntityIsReturnedAndDeletedEntityIsGone() {
        String id = "urn:ngsi-ld:OffStreetParking:lifecycle-1";
        Http.Answer created = http.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": 120, "observedAt": "2026-11-22T10:00:00Z"}}
                """.formatted(id));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/ngsi-ld/v1/entities/" + id);

        Http.Answer read = http.get("/ngsi-ld/v1/entities/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("availableSpotNumber").path("value").asInt()).isEqualTo(120);
        assertThat(read.json().path("type").asText()).isEqualTo("OffStreetParking");

        assertThat(http.delete("/ngsi-ld/v1/entities/" + id).status()).isEqualTo(204);
        Http.Answer gone = http.get("/ngsi-ld/v1/entities/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorType()).isEqualTo("ResourceNotFound");
    }
}
