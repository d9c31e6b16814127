package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads from a streaming replica ({@code --db-read-url}): queries are answered by the replica, a client reads its
 * own writes while the replica lags, and reads go on from the primary while the replica is down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicaTest {
    private static final String ADMIN_KEY = "read-replica-admin-key-0123456789";
    private static final String TENANT = "replica";
    private static StandalonePostgres primary;
    private static StandalonePostgres replica;
    private static Platform platform;
    private static Http http;
    private static String writerKey;
    private static String readerKey;

    @BeforeAll
    static void start() throws Exception {
        primary = StandalonePostgres.start();
        replica = primary.replica();
        platform = Platform.start(primary.node(ADMIN_KEY).withReadReplica(replica.jdbcUrl()));
        http = new Http(platform.port());
        writerKey = key("publisher");
        readerKey = key("reader");
        create("urn:ngsi-ld:Counter:first", writerKey);
        awaitIds(readerKey, "urn:ngsi-ld:Counter:first");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    private static String key(String role) {
        Http.Answer created = http.post("/admin/keys", "{\"tenant\": \"" + TENANT + "\", \"role\": \"" + role + "\"}",
                "X-API-Key", ADMIN_KEY);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    private static void create(String id, String key) {
        Http.Answer created = http.post("/ngsi-ld/v1/entities", "{\"id\": \"" + id
                + "\", \"type\": \"Counter\", \"count\": {\"type\": \"Property\", \"value\": 1}}",
                "NGSILD-Tenant", TENANT, "X-API-Key", key);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static List<String> ids(String key) {
        Http.Answer answer = http.get("/ngsi-ld/v1/entities?type=Counter&limit=1000", "NGSILD-Tenant", TENANT,
                "X-API-Key", key);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().forEach(entity -> ids.add(entity.get("id").asText()));
        return ids;
    }

    private static void awaitIds(String key, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!ids(key).contains(id)) {
            assertThat(Instant.now()).as("the replica replays " + id).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /** The reads the platform counted on one server, from its metrics. */
    private static double readsOn(String server) {
        String metrics = http.get("/metrics", "X-API-Key", ADMIN_KEY).body();
        return metrics.lines().filter(line -> line.startsWith("belfort_db_reads_total{server=\"" + server + "\"}"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no belfort_db_reads_total for " + server));
    }

    @Test
    @Order(1)
    void aClientReadsItsOwnWriteWhileTheReplicaLagsAndOthersReadTheReplica() throws Exception {
        replica.execute("SELECT pg_wal_replay_pause()");
        try {
            create("urn:ngsi-ld:Counter:lagging", writerKey);
            // The writer's read goes to the primary: the replica has not replayed the write.
            assertThat(ids(writerKey)).contains("urn:ngsi-ld:Counter:lagging");
            // Another client reads the replica, which does not have it yet.
            double onReplica = readsOn("replica");
            assertThat(ids(readerKey)).contains("urn:ngsi-ld:Counter:first").doesNotContain("urn:ngsi-ld:Counter:lagging");
            assertThat(readsOn("replica")).isGreaterThan(onReplica);
            Http.Answer temporal = http.get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Counter:lagging",
                    "NGSILD-Tenant", TENANT, "X-API-Key", writerKey);
            assertThat(temporal.status()).as(temporal.body()).isEqualTo(200);
        } finally {
            replica.execute("SELECT pg_wal_replay_resume()");
        }
        awaitIds(readerKey, "urn:ngsi-ld:Counter:lagging");
    }

    @Test
    @Order(2)
    void readsGoOnFromThePrimaryWhileTheReplicaIsDown() {
        create("urn:ngsi-ld:Counter:while-down", writerKey);
        replica.stop();
        try {
            // A read on a pooled connection the replica closed under it is answered 503 (try again); the next
            // ones find the replica gone and read the primary.
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (http.get("/ngsi-ld/v1/entities?type=Counter", "NGSILD-Tenant", TENANT, "X-API-Key", readerKey).status()
                    != 200) {
                assertThat(Instant.now()).as("reads fall back to the primary").isBefore(deadline);
            }
            double onPrimary = readsOn("primary");
            assertThat(ids(readerKey)).contains("urn:ngsi-ld:Counter:while-down");
            assertThat(readsOn("primary")).isGreaterThan(onPrimary);
        } finally {
            replica.resume();
        }
    }
}
