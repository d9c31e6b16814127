package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receiver that never takes its notifications cannot fill the outbox: once a subscription has more than
 * --max-pending-notifications waiting, it is stopped (status failed, with the reason and the count of dropped
 * notifications), its waiting notifications are dropped, and it records none until its owner updates it.
 */
class OutboxBoundTest {
    private static final int MAX_PENDING = 20;
    private static final String TENANT = "outbox-bound";
    private static final String ENTITY = "urn:ngsi-ld:Counter:1";
    private static Platform platform;
    private static Http http;
    private static Receiver receiver;

    @BeforeAll
    static void start() {
        Settings settings = TestPlatform.unlimited(TestPlatform.temporaryDirectory())
                .withAuth(false, null).withPrivateOutbound(true).withMaxPendingNotifications(MAX_PENDING);
        platform = Platform.start(settings);
        http = new Http(platform.port());
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
        platform.close();
    }

    private static void count(int value) {
        Http.Answer answer = http.patch("/ngsi-ld/v1/entities/" + ENTITY + "/attrs",
                "{\"count\": {\"type\": \"Property\", \"value\": " + value + "}}", "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    }

    @Test
    void aSubscriptionWithTooManyWaitingNotificationsIsStoppedAndItsNotificationsDropped() {
        assertThat(http.post("/ngsi-ld/v1/entities", "{\"id\": \"" + ENTITY + "\", \"type\": \"Counter\","
                + " \"count\": {\"type\": \"Property\", \"value\": 0}}", "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        receiver.mode(Receiver.Mode.FAIL);
        Http.Answer created = http.post("/ngsi-ld/v1/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Counter"}], "watchedAttributes": ["count"],
                 "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}}}""".formatted(receiver.url()),
                "NGSILD-Tenant", TENANT);
        assertThat(created.status()).isEqualTo(201);
        String location = created.header("Location");
        String subscriptionId = location.substring(location.lastIndexOf('/') + 1);

        for (int value = 1; value <= 2 * MAX_PENDING; value++) {
            count(value);
        }

        JsonNode stopped = http.get(location, "NGSILD-Tenant", TENANT).json();
        assertThat(stopped.path("status").asText()).isEqualTo("failed");
        JsonNode notification = stopped.path("notification");
        assertThat(notification.path("status").asText()).isEqualTo("failed");
        assertThat(notification.path("lastFailureReason").asText()).contains("more than " + MAX_PENDING);
        assertThat(notification.has("lastFailure")).isTrue();
        assertThat(notification.path("droppedNotifications").asLong()).isBetween((long) MAX_PENDING + 1, 2L * MAX_PENDING);
        assertThat(http.get("/metrics").body()).containsPattern("belfort_notifications_dropped_total \\d+")
                .contains("belfort_subscriptions_stopped_total 1.0");

        receiver.mode(Receiver.Mode.OK);
        count(1000);
        assertThat(receiver.settle()).as("a stopped subscription records nothing").isEmpty();

        assertThat(http.patch(location, "{\"isActive\": true}", "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        JsonNode resumed = http.get(location, "NGSILD-Tenant", TENANT).json();
        assertThat(resumed.path("status").asText()).isEqualTo("active");
        assertThat(resumed.path("notification").has("lastFailureReason")).isFalse();

        count(2000);
        List<Receiver.Received> notified = receiver.await(1, r -> subscriptionId.equals(r.body().path("subscriptionId").asText()));
        assertThat(notified).hasSize(1);
        assertThat(receiver.settle()).as("only the change after the update; the dropped ones never come")
                .extracting(r -> r.body().path("data").get(0).path("count").asInt()).containsExactly(2000);
    }
}
