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
 * Transient attributes (ETSI GS CIM 009 v1.9, {@code expiresAt} of an attribute instance, a date-time in UTC): the
 * instance is shown with its expiry; from that instant every read leaves it out, and it is then deleted as Delete
 * Attribute deletes it, recorded with deletedAt and notified as attributeDeleted.
 */
class TransientAttributesTest {
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final Receiver RECEIVER = new Receiver();
    private static final String BAD_REQUEST_DATA = "https://uri.etsi.org/ngsi-ld/errors/BadRequestData";

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    private static String tenant(TestInfo test) {
        return "transient-attrs-" + test.getTestMethod().orElseThrow().getName().toLowerCase();
    }

    private static Instant inSeconds(int seconds) {
        return Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.MILLIS);
    }

    private static void waitUntilPast(Instant instant) throws InterruptedException {
        while (!Instant.now().isAfter(instant.plusMillis(50))) {
            Thread.sleep(50);
        }
    }

    /** A parking with free spots that expire, a name that stays and a two-instance occupancy, one expiring. */
    private static void create(String tenant, String id, Instant expiresAt) {
        Http.Answer created = HTTP.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "Parking",
                 "spots": {"type": "Property", "value": 3, "expiresAt": "%s"},
                 "name": {"type": "Property", "value": "Kouter"},
                 "occupancy": [{"type": "Property", "value": 0.5},
                               {"type": "Property", "value": 0.9, "datasetId": "urn:ngsi-ld:Dataset:estimate",
                                "expiresAt": "%s"}]}""".formatted(id, expiresAt, expiresAt), "NGSILD-Tenant", tenant);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static JsonNode entity(String tenant, String id, String parameters) {
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/entities/" + id + parameters, "NGSILD-Tenant", tenant);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> ids(Http.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().forEach(entity -> ids.add(entity.get("id").asText()));
        return ids;
    }

    @Test
    void anExpiringInstanceShowsItsExpiryAndDisappearsFromEveryReadOnceExpired(TestInfo test) throws InterruptedException {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:Parking:kouter";
        Instant expiresAt = inSeconds(3);
        create(tenant, id, expiresAt);
        Http.Answer stays = HTTP.post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:Parking:stays", "type": "Parking", "spots": {"type": "Property", "value": 3}}""",
                "NGSILD-Tenant", tenant);
        assertThat(stays.status()).as(stays.body()).isEqualTo(201);

        JsonNode normalized = entity(tenant, id, "");
        assertThat(normalized.get("spots").get("expiresAt").asText()).isEqualTo(expiresAt.toString());
        assertThat(normalized.has("expiresAt")).as("the entity itself does not expire").isFalse();
        assertThat(normalized.get("name").has("expiresAt")).isFalse();
        assertThat(normalized.get("occupancy")).hasSize(2);
        JsonNode concise = entity(tenant, id, "?format=concise");
        assertThat(concise.get("spots").get("value").asInt()).isEqualTo(3);
        assertThat(concise.get("spots").get("expiresAt").asText()).isEqualTo(expiresAt.toString());
        assertThat(concise.get("name").asText()).isEqualTo("Kouter");
        assertThat(entity(tenant, id, "?options=keyValues").get("spots").asInt()).as("values only").isEqualTo(3);
        assertThat(ids(HTTP.get("/ngsi-ld/v1/entities?type=Parking&q=spots==3", "NGSILD-Tenant", tenant)))
                .containsExactlyInAnyOrder(id, "urn:ngsi-ld:Parking:stays");

        waitUntilPast(expiresAt);

        JsonNode after = entity(tenant, id, "");
        assertThat(after.has("spots")).as(after.toString()).isFalse();
        assertThat(after.get("name").get("value").asText()).isEqualTo("Kouter");
        assertThat(after.get("occupancy").get("value").asDouble()).as("the default instance stays").isEqualTo(0.5);
        assertThat(after.get("occupancy").has("datasetId")).isFalse();
        assertThat(HTTP.get("/ngsi-ld/v1/entities/" + id + "?attrs=spots", "NGSILD-Tenant", tenant).status())
                .as("nothing left to show").isEqualTo(404);
        assertThat(ids(HTTP.get("/ngsi-ld/v1/entities?type=Parking&q=spots==3", "NGSILD-Tenant", tenant)))
                .containsExactly("urn:ngsi-ld:Parking:stays");
        assertThat(ids(HTTP.get("/ngsi-ld/v1/entities?type=Parking&attrs=spots", "NGSILD-Tenant", tenant)))
                .containsExactly("urn:ngsi-ld:Parking:stays");
        assertThat(ids(HTTP.get("/ngsi-ld/v1/entities?type=Parking&q=occupancy%3E0.8", "NGSILD-Tenant", tenant)))
                .as("the expired instance of a multi-attribute no longer matches").isEmpty();
        JsonNode listed = HTTP.get("/ngsi-ld/v1/entities?id=" + id, "NGSILD-Tenant", tenant).json().get(0);
        assertThat(listed.has("spots")).isFalse();
        assertThat(HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs/spots", "{\"value\": 4}", "NGSILD-Tenant", tenant)
                .status()).as("an expired attribute cannot be updated").isEqualTo(404);
    }

    @Test
    void anExpiryThatIsNotAUtcDateTimeIsBadRequestData(TestInfo test) {
        String tenant = tenant(test);
        for (String expiresAt : List.of("\"2030-01-01T00:00:00+01:00\"", "\"tomorrow\"", "42")) {
            Http.Answer refused = HTTP.post("/ngsi-ld/v1/entities", """
                    {"id": "urn:ngsi-ld:Parking:bad", "type": "Parking",
                     "spots": {"type": "Property", "value": 3, "expiresAt": %s}}""".formatted(expiresAt),
                    "NGSILD-Tenant", tenant);
            assertThat(refused.status()).as(expiresAt + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("type").asText()).isEqualTo(BAD_REQUEST_DATA);
            assertThat(refused.json().get("detail").asText()).contains("expiresAt");
        }
        Http.Answer onSubAttribute = HTTP.post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:Parking:bad", "type": "Parking",
                 "spots": {"type": "Property", "value": 3,
                           "reliability": {"type": "Property", "value": 0.9, "expiresAt": "2030-01-01T00:00:00Z"}}}""",
                "NGSILD-Tenant", tenant);
        assertThat(onSubAttribute.status()).as(onSubAttribute.body()).isEqualTo(400);
        assertThat(onSubAttribute.json().get("type").asText()).isEqualTo(BAD_REQUEST_DATA);
        assertThat(HTTP.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Parking:bad", "NGSILD-Tenant", tenant).status())
                .isNotEqualTo(200);
    }

    @Test
    void theJobDeletesExpiredInstancesAsDeleteAttributeDoes(TestInfo test) throws InterruptedException {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:Parking:job";
        Http.Answer subscribed = HTTP.post("/ngsi-ld/v1/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Parking"}], "watchedAttributes": ["spots"],
                 "notificationTrigger": ["attributeDeleted"],
                 "notification": {"endpoint": {"uri": "%s"}}}""".formatted(RECEIVER.url()), "NGSILD-Tenant", tenant);
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
        String subscription = subscribed.header("Location").substring(subscribed.header("Location").lastIndexOf('/') + 1);
        Instant expiresAt = inSeconds(2);
        create(tenant, id, expiresAt);

        waitUntilPast(expiresAt);
        TestPlatform.shared().deleteExpiredEntities();

        List<Receiver.Received> notified = RECEIVER.await(1,
                received -> subscription.equals(received.body().path("subscriptionId").asText()));
        JsonNode notification = notified.getFirst().body();
        assertThat(notification.get("triggerReason").asText()).isEqualTo("attributeDeleted");
        JsonNode data = notification.get("data").get(0);
        assertThat(data.get("id").asText()).isEqualTo(id);
        assertThat(data.get("spots").get("value").asText()).isEqualTo("urn:ngsi-ld:null");

        JsonNode history = HTTP.get("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", tenant).json();
        assertThat(history.get("spots")).as(history.toString()).hasSize(2);
        assertThat(history.get("spots").toString()).contains("urn:ngsi-ld:null").contains("deletedAt");
        assertThat(history.get("occupancy").toString()).as(history.toString()).contains("deletedAt");
        JsonNode kept = entity(tenant, id, "");
        assertThat(kept.has("spots")).isFalse();
        assertThat(kept.get("name").get("value").asText()).isEqualTo("Kouter");
        assertThat(kept.get("occupancy").get("value").asDouble()).isEqualTo(0.5);
    }

    @Test
    void aWriteToTheEntityDeletesItsExpiredInstancesFirst(TestInfo test) throws InterruptedException {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:Parking:write";
        Instant expiresAt = inSeconds(2);
        create(tenant, id, expiresAt);
        waitUntilPast(expiresAt);

        Http.Answer appended = HTTP.post("/ngsi-ld/v1/entities/" + id + "/attrs",
                "{\"capacity\": {\"type\": \"Property\", \"value\": 400}}", "NGSILD-Tenant", tenant);
        assertThat(appended.status()).as(appended.body()).isEqualTo(204);
        JsonNode history = HTTP.get("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", tenant).json();
        assertThat(history.get("spots").toString()).as(history.toString()).contains("deletedAt");
        assertThat(entity(tenant, id, "").has("spots")).isFalse();
        assertThat(HTTP.delete("/ngsi-ld/v1/entities/" + id + "/attrs/spots", "NGSILD-Tenant", tenant).status())
                .isEqualTo(404);
    }
}
