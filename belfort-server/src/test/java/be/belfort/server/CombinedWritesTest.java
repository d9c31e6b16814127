package be.belfort.server;

import be.belfort.model.GroupCommitSettings;
import be.belfort.model.Names;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent writes of one entity each are committed together (group commit): each request still gets its own
 * status and body, a bad one fails only itself, and nothing is acknowledged before the commit that holds it.
 */
class CombinedWritesTest {
    private static final String TENANT = "combined";
    private static final String[] IN_TENANT = {"NGSILD-Tenant", TENANT};
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        // One lane, so that every write queues behind the one the test holds up; lock waits long enough for that.
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory())
                .withPool(16, new Settings.DatabaseWaits(Duration.ofSeconds(5), Duration.ofSeconds(60)))
                .withAuth(false, null)
                .with(copy -> copy.writes = new GroupCommitSettings(64, 1, 1000)));
        http = new Http(platform.port());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void writesCommittedTogetherEachGetTheirOwnStatusAndBodyAndABadOneFailsOnlyItself() throws Exception {
        for (int i = 0; i < 8; i++) {
            assertThat(http.post("/ngsi-ld/v1/entities", parking("c" + i, 10), IN_TENANT).status()).isEqualTo(201);
        }
        Map<String, Future<Http.Answer>> answers = new LinkedHashMap<>();
        long groupsBefore = figure("belfort_writes_groups_total");
        long writesBefore = figure("belfort_writes_grouped_total");
        try (Connection holder = database(); ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            // The history table locked, the committer's first write waits with its transaction; the others queue.
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE attribute_instances IN EXCLUSIVE MODE");
            }
            Future<Http.Answer> first = clients.submit(() -> spots("c0", 1));
            awaitFigure("belfort_writes_groups_total", groupsBefore + 1);
            Map<String, Supplier<Http.Answer>> requests = new LinkedHashMap<>();
            requests.put("update c1", () -> spots("c1", 11));
            requests.put("update c2", () -> spots("c2", 12));
            requests.put("update missing", () -> spots("missing", 13));
            requests.put("append c3 without overwriting", () -> http.post(
                    "/ngsi-ld/v1/entities/" + id("c3") + "/attrs?options=noOverwrite",
                    "{\"availableSpotNumber\": {\"type\": \"Property\", \"value\": 14}}", IN_TENANT));
            requests.put("delete c4", () -> http.delete("/ngsi-ld/v1/entities/" + id("c4"), IN_TENANT));
            requests.put("create c8", () -> http.post("/ngsi-ld/v1/entities", parking("c8", 18), IN_TENANT));
            requests.put("create c5 again", () -> http.post("/ngsi-ld/v1/entities", parking("c5", 15), IN_TENANT));
            requests.put("create too large for the index", () -> http.post("/ngsi-ld/v1/entities", tooLargeForTheIndex(),
                    IN_TENANT));
            requests.put("replace c6", () -> http.put("/ngsi-ld/v1/entities/" + id("c6"),
                    "{\"type\": \"OffStreetParking\", \"totalSpotNumber\": {\"type\": \"Property\", \"value\": 300}}",
                    IN_TENANT));
            requests.put("update c7 and an attribute it lacks", () -> http.patch("/ngsi-ld/v1/entities/" + id("c7") + "/attrs",
                    "{\"availableSpotNumber\": {\"type\": \"Property\", \"value\": 17}, \"lacking\": {\"type\": \"Property\","
                            + " \"value\": 1}}", IN_TENANT));
            requests.forEach((name, request) -> answers.put(name, clients.submit(request::get)));
            awaitFigure("belfort_writes_queued", requests.size());
            assertThat(first.isDone()).as("nothing is answered before its commit").isFalse();
            holder.rollback();
            assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(204);
        }
        assertThat(status(answers, "update c1")).isEqualTo(204);
        assertThat(status(answers, "update c2")).isEqualTo(204);
        Http.Answer missing = answers.get("update missing").get();
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorType()).isEqualTo("ResourceNotFound");
        assertThat(missing.json().path("detail").asText()).contains(id("missing"));
        Http.Answer kept = answers.get("append c3 without overwriting").get();
        assertThat(kept.status()).as(kept.body()).isEqualTo(207);
        assertThat(kept.json().path("notUpdated").get(0).path("attributeName").asText()).isEqualTo("availableSpotNumber");
        assertThat(status(answers, "delete c4")).isEqualTo(204);
        Http.Answer created = answers.get("create c8").get();
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith(id("c8"));
        Http.Answer again = answers.get("create c5 again").get();
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorType()).isEqualTo("AlreadyExists");
        Http.Answer tooLarge = answers.get("create too large for the index").get();
        assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(400);
        assertThat(tooLarge.errorType()).isEqualTo("BadRequestData");
        assertThat(status(answers, "replace c6")).isEqualTo(204);
        Http.Answer partly = answers.get("update c7 and an attribute it lacks").get();
        assertThat(partly.status()).as(partly.body()).isEqualTo(207);
        assertThat(partly.json().path("updated")).extracting(JsonNode::asText).containsExactly("availableSpotNumber");

        assertThat(figure("belfort_writes_groups_total")).as("the held write's transaction, then all the others'")
                .isEqualTo(groupsBefore + 2);
        assertThat(figure("belfort_writes_grouped_total")).isEqualTo(writesBefore + 11);
        assertThat(currentSpots("c0")).isEqualTo(1);
        assertThat(currentSpots("c1")).isEqualTo(11);
        assertThat(currentSpots("c2")).isEqualTo(12);
        assertThat(currentSpots("c3")).isEqualTo(10);
        assertThat(http.get("/ngsi-ld/v1/entities/" + id("c4"), IN_TENANT).status()).isEqualTo(404);
        assertThat(currentSpots("c5")).isEqualTo(10);
        assertThat(http.get("/ngsi-ld/v1/entities/" + id("c6") + "?options=keyValues", IN_TENANT).json()
                .path("totalSpotNumber").asInt()).isEqualTo(300);
        assertThat(currentSpots("c7")).isEqualTo(17);
        assertThat(currentSpots("c8")).isEqualTo(18);
        assertThat(history("c1")).containsExactly(10, 11);
        assertThat(history("c2")).containsExactly(10, 12);
        assertThat(history("c7")).containsExactly(10, 17);
    }

    @Test
    void connectionsKilledMidCommitLoseNoAcknowledgedWrite() throws Exception {
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        try (Connection killer = database(); ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 12; w++) {
                int writer = w;
                writers.add(clients.submit(() -> {
                    for (int n = 0; writing.get(); n++) {
                        String name = "k" + writer + "-" + n;
                        Http.Answer answer = http.post("/ngsi-ld/v1/entities", parking(name, n), IN_TENANT);
                        statuses.merge(answer.status(), 1, Integer::sum);
                        if (answer.status() == 201) {
                            acknowledged.put(name, n);
                        }
                    }
                    return null;
                }));
            }
            awaitAcknowledged(acknowledged, 20);
            // Every connection of the platform is cut a few times, some of them in the middle of a commit.
            for (int round = 0; round < 6; round++) {
                Thread.sleep(400);
                try (Statement kill = killer.createStatement()) {
                    kill.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                            + " AND backend_type = 'client backend' AND datname = current_database()");
                }
            }
            // and writes go through again
            awaitAcknowledged(acknowledged, acknowledged.size() + 20);
            writing.set(false);
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(statuses.keySet()).as("refused writes are 503, never anything else").isSubsetOf(201, 503);
        List<String> lost = new ArrayList<>();
        acknowledged.forEach((name, value) -> {
            Http.Answer read = http.get("/ngsi-ld/v1/entities/" + id(name) + "?options=keyValues", IN_TENANT);
            if (read.status() != 200 || read.json().path("availableSpotNumber").asInt() != value) {
                lost.add(name);
            }
        });
        assertThat(lost).as("acknowledged but not there (of %d)", acknowledged.size()).isEmpty();
    }

    private static void awaitAcknowledged(Map<String, Integer> acknowledged, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acknowledged.size() < count) {
            assertThat(System.nanoTime()).as("%d writes acknowledged", count).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static int status(Map<String, Future<Http.Answer>> answers, String name) throws Exception {
        Http.Answer answer = answers.get(name).get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).as("%s: %s", name, answer.body()).isBetween(200, 299);
        return answer.status();
    }

    private static Http.Answer spots(String name, int value) {
        return http.patch("/ngsi-ld/v1/entities/" + id(name) + "/attrs/availableSpotNumber",
                "{\"type\": \"Property\", \"value\": " + value + "}", IN_TENANT);
    }

    private static int currentSpots(String name) {
        Http.Answer read = http.get("/ngsi-ld/v1/entities/" + id(name) + "?options=keyValues", IN_TENANT);
        assertThat(read.status()).as(name).isEqualTo(200);
        return read.json().path("availableSpotNumber").asInt();
    }

    private static List<Integer> history(String name) {
        Http.Answer read = http.get("/ngsi-ld/v1/temporal/entities/" + id(name) + "?attrs=availableSpotNumber"
                + "&options=temporalValues", IN_TENANT);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        List<Integer> values = new ArrayList<>();
        read.json().path("availableSpotNumber").path("values").forEach(pair -> values.add(pair.get(0).asInt()));
        return values;
    }

    private static String id(String name) {
        return "urn:ngsi-ld:OffStreetParking:" + name;
    }

    private static String parking(String name, int spots) {
        return "{\"id\": \"" + id(name) + "\", \"type\": \"OffStreetParking\", \"availableSpotNumber\": {\"type\":"
                + " \"Property\", \"value\": " + spots + "}}";
    }

    /** Long, incompressible types on a long id: valid NGSI-LD, but more than one PostgreSQL index entry holds. */
    private static String tooLargeForTheIndex() {
        String id = "urn:ngsi-ld:T:" + "x".repeat(Names.MAX_LENGTH - 20);
        return "{\"id\": \"" + id + "\", \"type\": " + SizeLimitsTest.incompressibleTypes() + "}";
    }

    /** A connection of its own to the platform's embedded database. */
    private static Connection database() throws Exception {
        Matcher port = Pattern.compile("port (\\d+)").matcher(platform.databaseDescription());
        assertThat(port.find()).isTrue();
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port.group(1) + "/postgres",
                "postgres", "postgres");
    }

    private static long figure(String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(http.get("/metrics").body());
        assertThat(value.find()).as(name).isTrue();
        return (long) Double.parseDouble(value.group(1));
    }

    private static void awaitFigure(String name, long value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (figure(name) < value) {
            assertThat(System.nanoTime()).as("%s reaches %d", name, value).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
