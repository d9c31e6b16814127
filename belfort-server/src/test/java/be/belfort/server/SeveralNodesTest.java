package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several nodes on one PostgreSQL (a standalone server, as an external database would be): what one node
 * changes reaches the others within a second, notifications are shared between the nodes without a row
 * delivered by two, and the notifications of a node killed abruptly or stopped cleanly go out from another.
 */
class SeveralNodesTest {
    private static final String ADMIN_KEY = "several-nodes-admin-key-0123456789";
    private static StandalonePostgres postgres;
    private static Platform a;
    private static Platform b;
    private static Http httpA;
    private static Http httpB;

    @BeforeAll
    static void start() {
        postgres = StandalonePostgres.start();
        a = Platform.start(postgres.node(ADMIN_KEY));
        b = Platform.start(postgres.node(ADMIN_KEY));
        httpA = new Http(a.port());
        httpB = new Http(b.port());
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        postgres.close();
    }

    private static String subscribe(Http http, String tenant, String type, String uri) {
        Http.Answer created = http.post("/ngsi-ld/v1/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "%s"}], "watchedAttributes": ["count"],
                 "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}}}""".formatted(type, uri),
                "NGSILD-Tenant", tenant, "X-API-Key", ADMIN_KEY);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String location = created.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void count(Http http, String tenant, String type, String id, int value, String... credentials) {
        Http.Answer answer = value == 0
                ? http.post("/ngsi-ld/v1/entities", "{\"id\": \"" + id + "\", \"type\": \"" + type
                        + "\", \"count\": {\"type\": \"Property\", \"value\": 0}}", headers(tenant, credentials))
                : http.patch("/ngsi-ld/v1/entities/" + id + "/attrs", "{\"count\": {\"type\": \"Property\", \"value\": "
                        + value + "}}", headers(tenant, credentials));
        assertThat(answer.status()).as(answer.body()).isIn(201, 204);
    }

    private static String[] headers(String tenant, String... credentials) {
        String[] headers = new String[credentials.length + 2];
        headers[0] = "NGSILD-Tenant";
        headers[1] = tenant;
        System.arraycopy(credentials, 0, headers, 2, credentials.length);
        return headers;
    }

    private static Set<Integer> counts(List<Receiver.Received> received) {
        return received.stream().map(r -> r.body().get("data").get(0).get("count").asInt())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aSubscriptionCreatedOnOneNodeFiresForAWriteThroughAnotherWithinASecond() throws Exception {
        try (Receiver receiver = new Receiver()) {
            count(httpB, "nodes-subscribe", "Counter", "urn:ngsi-ld:Counter:1", 0, "X-API-Key", ADMIN_KEY);
            subscribe(httpA, "nodes-subscribe", "Counter", receiver.url());
            Thread.sleep(1000);
            count(httpB, "nodes-subscribe", "Counter", "urn:ngsi-ld:Counter:1", 1, "X-API-Key", ADMIN_KEY);
            assertThat(counts(receiver.await(1, r -> true))).containsExactly(1);
        }
    }

    @Test
    void aKeyRevokedOnOneNodeIsRefusedByAnotherWithinASecond() throws Exception {
        Http.Answer created = httpA.post("/admin/keys", "{\"tenant\": \"nodes-keys\", \"role\": \"publisher\"}",
                "X-API-Key", ADMIN_KEY);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.json().get("key").asText();
        String id = key.substring(4, key.indexOf('_', 4));
        // Node B reads the key once and keeps it in memory.
        count(httpB, "nodes-keys", "Counter", "urn:ngsi-ld:Counter:1", 0, "X-API-Key", key);
        assertThat(httpA.delete("/admin/keys/" + id, "X-API-Key", ADMIN_KEY).status()).isEqualTo(204);
        Thread.sleep(1000);
        Http.Answer refused = httpB.patch("/ngsi-ld/v1/entities/urn:ngsi-ld:Counter:1/attrs",
                "{\"count\": {\"type\": \"Property\", \"value\": 1}}", "NGSILD-Tenant", "nodes-keys", "X-API-Key", key);
        assertThat(refused.status()).isEqualTo(401);
    }

    @Test
    void everyNotificationIsDeliveredAndNoneByTwoNodes() throws Exception {
        try (Receiver receiver = new Receiver()) {
            subscribe(httpA, "nodes-share", "Counter", receiver.url());
            Thread.sleep(1000);
            count(httpA, "nodes-share", "Counter", "urn:ngsi-ld:Counter:1", 0, "X-API-Key", ADMIN_KEY);
            int writes = 200;
            for (int value = 1; value <= writes; value++) {
                count(value % 2 == 0 ? httpA : httpB, "nodes-share", "Counter", "urn:ngsi-ld:Counter:1", value,
                        "X-API-Key", ADMIN_KEY);
            }
            List<Receiver.Received> received = receiver.await(writes, r -> r.body().get("data").get(0).get("count").asInt() > 0);
            Thread.sleep(1000);
            received = receiver.received().stream().filter(r -> r.body().get("data").get(0).get("count").asInt() > 0).toList();
            assertThat(counts(received)).hasSize(writes);
            Map<String, Long> perNotification = received.stream()
                    .collect(Collectors.groupingBy(r -> r.body().get("id").asText(), Collectors.counting()));
            assertThat(perNotification.values()).as("deliveries of each outbox row").containsOnly(1L);
        }
    }

    @Test
    void theNotificationsOfANodeKilledAbruptlyGoOutFromAnother() throws Exception {
        ChildPlatform killed = ChildPlatform.start(TestPlatform.temporaryDirectory(), "--db-url", postgres.jdbcUrl(),
                "--db-user", "postgres", "--db-password", "postgres");
        try (Receiver receiver = new Receiver()) {
            killed.awaitReady(Duration.ofSeconds(90));
            Http child = killed.http();
            subscribe(httpA, "nodes-kill", "Counter", receiver.url());
            receiver.mode(Receiver.Mode.FAIL);
            Thread.sleep(1000);
            count(child, "nodes-kill", "Counter", "urn:ngsi-ld:Counter:1", 0);
            for (int value = 1; value <= 20; value++) {
                count(child, "nodes-kill", "Counter", "urn:ngsi-ld:Counter:1", value);
            }
            assertThat(claimedElsewhere("nodes-kill")).as("the killed node delivers what its writes recorded").isEqualTo(21);
            killed.killJvm();
            receiver.mode(Receiver.Mode.OK);
            long killedAt = System.nanoTime();
            List<Receiver.Received> received = receiver.await(21, r -> true);
            System.out.printf("Notifications of a killed node delivered by another %d ms after the kill%n",
                    Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
            assertThat(counts(received)).hasSize(21);
        } finally {
            killed.destroy();
        }
    }

    @Test
    void aNodeThatStopsHandsItsNotificationsBackAtOnce() throws Exception {
        Platform leaving = Platform.start(postgres.node(ADMIN_KEY));
        Http http = new Http(leaving.port());
        try (Receiver receiver = new Receiver()) {
            subscribe(httpA, "nodes-leave", "Counter", receiver.url());
            receiver.mode(Receiver.Mode.FAIL);
            Thread.sleep(1000);
            for (int value = 0; value <= 10; value++) {
                count(http, "nodes-leave", "Counter", "urn:ngsi-ld:Counter:1", value, "X-API-Key", ADMIN_KEY);
            }
            leaving.close();
            receiver.mode(Receiver.Mode.OK);
            long stoppedAt = System.nanoTime();
            List<Receiver.Received> received = receiver.await(11, r -> true);
            long millis = Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis();
            assertThat(counts(received)).hasSize(11);
            assertThat(millis).as("taken over before the stopped node's lease would have run out").isLessThan(4500);
        }
    }

    /** How many notifications of the tenant a live node in another process is to deliver. */
    private static int claimedElsewhere(String tenant) throws Exception {
        try (Connection connection = a.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT count(*) FROM notification_outbox o JOIN belfort_nodes n ON n.node_id = o.claimed_by
                     WHERE o.tenant = ? AND n.host NOT LIKE ?""")) {
            select.setString(1, tenant);
            select.setString(2, "%(pid " + ProcessHandle.current().pid() + ")");
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
