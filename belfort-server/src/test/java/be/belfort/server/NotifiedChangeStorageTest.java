package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write stores the change it notifies once, however many subscriptions it notifies: the outbox holds a small row
 * per notification that refers to it, and each notification is rendered when it is sent, in its subscription's
 * format and attributes as they are then. Once delivered, notifications and the change leave the database.
 */
class NotifiedChangeStorageTest {
    private static final String TENANT = "notified-changes";
    private static final String ENTITY = "urn:ngsi-ld:Counter:1";
    private static final int SUBSCRIPTIONS = 8;
    private static Platform platform;
    private static Http http;
    private static Receiver receiver;

    @BeforeAll
    static void start() {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory())
                .withAuth(false, null).withPrivateOutbound(true));
        http = new Http(platform.port());
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
        platform.close();
    }

    @Test
    void aChangeIsStoredOnceAndEachNotificationRenderedWhenItIsSent() throws Exception {
        assertThat(http.post("/ngsi-ld/v1/entities", "{\"id\": \"" + ENTITY + "\", \"type\": \"Counter\","
                + " \"count\": {\"type\": \"Property\", \"value\": 0}}", "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        receiver.mode(Receiver.Mode.FAIL);
        List<String> locations = new ArrayList<>();
        for (int s = 0; s < SUBSCRIPTIONS; s++) {
            var created = http.post("/ngsi-ld/v1/subscriptions", """
                    {"type": "Subscription", "entities": [{"type": "Counter"}], "watchedAttributes": ["count"],
                     "notification": {"endpoint": {"uri": "%s"}}}""".formatted(receiver.url()), "NGSILD-Tenant", TENANT);
            assertThat(created.status()).isEqualTo(201);
            locations.add(created.header("Location"));
        }

        assertThat(http.patch("/ngsi-ld/v1/entities/" + ENTITY + "/attrs",
                "{\"count\": {\"type\": \"Property\", \"value\": 7}}", "NGSILD-Tenant", TENANT).status()).isEqualTo(204);

        assertThat(count("SELECT count(*) FROM notification_changes")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM notification_outbox WHERE tenant = '" + TENANT + "'"))
                .isEqualTo(SUBSCRIPTIONS);
        assertThat(count("SELECT count(DISTINCT change_id) FROM notification_outbox WHERE data IS NULL AND tenant = '"
                + TENANT + "'")).isEqualTo(1);

        String changed = locations.get(0);
        assertThat(http.patch(changed, "{\"notification\": {\"format\": \"keyValues\", \"endpoint\": {\"uri\": \""
                + receiver.url() + "\"}}}", "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        // An attempt rendered just before the change may still be on its way: refused too, it is sent again in the
        // new format. Accepted, it would be an old rendering, rightly, and the check below would fail by chance.
        receiver.settle();
        receiver.mode(Receiver.Mode.OK);

        List<Receiver.Received> received = receiver.await(SUBSCRIPTIONS, r -> true);
        assertThat(received).hasSize(SUBSCRIPTIONS);
        String changedId = changed.substring(changed.lastIndexOf('/') + 1);
        for (Receiver.Received notification : received) {
            var count = notification.body().at("/data/0/count");
            if (changedId.equals(notification.body().path("subscriptionId").asText())) {
                assertThat(count.isNumber()).as("rendered in the format the subscription has when it is sent").isTrue();
                assertThat(count.asInt()).isEqualTo(7);
            } else {
                assertThat(count.path("value").asInt()).isEqualTo(7);
            }
        }
        awaitZero("SELECT count(*) FROM notification_outbox WHERE tenant = '" + TENANT + "'");
        awaitZero("SELECT count(*) FROM notification_changes");
    }

    private static void awaitZero(String sql) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (count(sql) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(count(sql)).as(sql).isZero();
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = platform.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
