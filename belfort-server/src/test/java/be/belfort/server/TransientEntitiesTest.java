package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transient entities (ETSI GS CIM 009 v1.8.1, {@code expiresAt}): an entity with an expiry time is shown with it;
 * once expired it is gone from every read, and a background job deletes it, recording the deletion in the history
 * and notifying entityDeleted like Delete Entity.
 */
class TransientEntitiesTest {
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final Receiver RECEIVER = new Receiver();

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    private static String tenant(TestInfo test) {
        return "transient-" + test.getTestMethod().orElseThrow().getName().toLowerCase();
    }

    private static Instant inSeconds(int seconds) {
        return Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.MILLIS);
    }

    private static void create(String tenant, String id, String type, Instant expiresAt) {
        Http.Answer created = HTTP.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "%s", %s "spots": {"type": "Property", "value": 3},
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.72, 51.05]}}}"""
                .formatted(id, type, expiresAt == null ? "" : "\"expiresAt\": \"" + expiresAt + "\","),
                "NGSILD-Tenant", tenant);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static void waitUntilPast(Instant instant) throws InterruptedException {
        while (!Instant.now().isAfter(instant.plusMillis(50))) {
            Thread.sleep(50);
        }
    }

    @Test
    void anExpiredEntityDisappearsFromEveryRead(TestInfo test) throws InterruptedException {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:Kiosk:1";
        Instant expiresAt = inSeconds(2);
        create(tenant, id, "Kiosk", expiresAt);
        create(tenant, "urn:ngsi-ld:Kiosk:stays", "Kiosk", null);
        JsonNode shown = HTTP.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", tenant).json();
        assertThat(shown.get("expiresAt").asText()).isEqualTo(expiresAt.toString());
        assertThat(shown.has("expiresAt") && !shown.path("expiresAt").isObject()).as("a member, not an attribute").isTrue();
        assertThat(HTTP.get("/ngsi-ld/v1/entities/" + id + "?options=keyValues", "NGSILD-Tenant", tenant).json()
                .get("expiresAt").asText()).isEqualTo(expiresAt.toString());
        assertThat(HTTP.get("/ngsi-ld/v1/entities?type=Kiosk", "NGSILD-Tenant", tenant).json()).hasSize(2);
        assertThat(HTTP.get("/ngsi-ld/v1/entities/" + id + "?pick=id,spots", "NGSILD-Tenant", tenant).json()
                .has("expiresAt")).as("pick leaves it out like any member").isFalse();
        assertThat(HTTP.get("/ngsi-ld/v1/entities/" + id + "?omit=expiresAt", "NGSILD-Tenant", tenant).json()
                .has("expiresAt")).isFalse();

        waitUntilPast(expiresAt);

        assertThat(HTTP.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", tenant).status()).isEqualTo(404);
        assertThat(HTTP.get("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", tenant).status()).isEqualTo(404);
        assertThat(ids(HTTP.get("/ngsi-ld/v1/entities?type=Kiosk&count=true", "NGSILD-Tenant", tenant)))
                .containsExactly("urn:ngsi-ld:Kiosk:stays");
        assertThat(HTTP.get("/ngsi-ld/v1/entities?type=Kiosk&count=true", "NGSILD-Tenant", tenant)
                .header("NGSILD-Results-Count")).isEqualTo("1");
        assertThat(ids(HTTP.get("/ngsi-ld/v1/entities?type=Kiosk&georel=near;maxDistance==100&geometry=Point"
                + "&coordinates=%5B3.72,51.05%5D", "NGSILD-Tenant", tenant))).containsExactly("urn:ngsi-ld:Kiosk:stays");
        assertThat(ids(HTTP.get("/ngsi-ld/v1/entities?id=" + id, "NGSILD-Tenant", tenant))).isEmpty();
        assertThat(HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs", "{\"spots\": {\"type\": \"Property\", \"value\": 4}}",
                "NGSILD-Tenant", tenant).status()).as("an expired entity cannot be updated").isEqualTo(404);
        assertThat(HTTP.delete("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", tenant).status()).isEqualTo(404);

        create(tenant, id, "Kiosk", null);
        assertThat(HTTP.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", tenant).json().has("expiresAt"))
                .as("its id can be used again").isFalse();
    }

    @Test
    void expiredTypesDisappearFromDiscovery(TestInfo test) throws InterruptedException {
        String tenant = tenant(test);
        Instant expiresAt = inSeconds(2);
        create(tenant, "urn:ngsi-ld:PopUpStore:1", "PopUpStore", expiresAt);
        create(tenant, "urn:ngsi-ld:Shop:1", "Shop", null);
        assertThat(HTTP.get("/ngsi-ld/v1/types", "NGSILD-Tenant", tenant).body()).contains("PopUpStore");
        waitUntilPast(expiresAt);
        assertThat(HTTP.get("/ngsi-ld/v1/types", "NGSILD-Tenant", tenant).body()).doesNotContain("PopUpStore").contains("Shop");
    }

    @Test
    void theJobDeletesExpiredEntitiesRecordsTheDeletionAndNotifiesIt(TestInfo test) throws InterruptedException {
        String tenant = tenant(test);
        Http.Answer subscribed = HTTP.post("/ngsi-ld/v1/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Kiosk"}], "notificationTrigger": ["entityDeleted"],
                 "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}}}""".formatted(RECEIVER.url()),
                "NGSILD-Tenant", tenant);
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
        String subscription = subscribed.header("Location").substring(subscribed.header("Location").lastIndexOf('/') + 1);
        String id = "urn:ngsi-ld:Kiosk:expiring";
        Instant expiresAt = inSeconds(2);
        create(tenant, id, "Kiosk", expiresAt);

        waitUntilPast(expiresAt);
        TestPlatform.shared().deleteExpiredEntities();

        List<Receiver.Received> deleted = RECEIVER.await(1, r -> subscription.equals(r.body().path("subscriptionId").asText()));
        assertThat(deleted).hasSize(1);
        assertThat(deleted.getFirst().body().get("data").get(0).get("id").asText()).isEqualTo(id);
        assertThat(deleted.getFirst().body().path("triggerReason").asText()).isEqualTo("entityDeleted");
        // The history of the id outlives the entity: created again, it shows the deletion in between.
        create(tenant, id, "Kiosk", null);
        JsonNode history = HTTP.get("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", tenant).json();
        assertThat(history.get("spots")).as(history.toString()).hasSize(3);
        assertThat(history.get("spots").toString()).contains("urn:ngsi-ld:null").contains("deletedAt");
    }

    @Test
    void mergeSetsTheExpiryAndReplaceWithoutOneMakesTheEntityStay(TestInfo test) {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:Kiosk:merge";
        create(tenant, id, "Kiosk", null);
        Instant later = inSeconds(3600);
        assertThat(HTTP.patch("/ngsi-ld/v1/entities/" + id, "{\"expiresAt\": \"" + later + "\"}", "NGSILD-Tenant", tenant)
                .status()).isEqualTo(204);
        assertThat(HTTP.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", tenant).json().get("expiresAt").asText())
                .isEqualTo(later.toString());
        assertThat(HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs", "{\"spots\": {\"type\": \"Property\", \"value\": 9}}",
                "NGSILD-Tenant", tenant).status()).isEqualTo(204);
        assertThat(HTTP.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", tenant).json().get("expiresAt").asText())
                .as("an update of attributes keeps it").isEqualTo(later.toString());
        assertThat(HTTP.put("/ngsi-ld/v1/entities/" + id, "{\"id\": \"" + id + "\", \"type\": \"Kiosk\"}",
                "NGSILD-Tenant", tenant).status()).isEqualTo(204);
        assertThat(HTTP.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", tenant).json().has("expiresAt")).isFalse();
    }

    @Test
    void anExpiryThatIsNotAUtcDateTimeIsBadRequestData(TestInfo test) {
        String tenant = tenant(test);
        for (String bad : List.of("3600", "\"tomorrow\"", "\"2030-01-01T00:00:00+02:00\"", "\"2030-13-01T00:00:00Z\"",
                "{\"type\": \"Property\", \"value\": \"2030-01-01T00:00:00Z\"}")) {
            Http.Answer answer = HTTP.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Kiosk:bad\", \"type\": \"Kiosk\","
                    + " \"expiresAt\": " + bad + "}", "NGSILD-Tenant", tenant);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.errorType()).as(bad).isEqualTo("BadRequestData");
        }
    }

    private static List<String> ids(Http.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().forEach(entity -> ids.add(entity.get("id").asText()));
        return ids;
    }
}
