package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database goes away under load and comes back (a restart, a failover): meanwhile requests are answered
 * 503 with Retry-After within a bound, never 500 and never left hanging, the node says it is not ready, and it
 * serves again by itself once the database is back, with every acknowledged write there.
 */
class DatabaseOutageTest {
    private static final String ADMIN_KEY = "database-outage-admin-key-0123456789";
    /** The longest any request may take, outage or not: the wait for a connection (5 s) and some margin. */
    private static final Duration BOUND = Duration.ofSeconds(12);
    private static StandalonePostgres postgres;
    private static Platform node;
    private static Http http;

    @BeforeAll
    static void start() {
        postgres = StandalonePostgres.start();
        node = Platform.start(postgres.node(ADMIN_KEY));
        http = new Http(node.port());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        postgres.close();
    }

    private static Http.Answer create(String id) {
        return http.post("/ngsi-ld/v1/entities", "{\"id\": \"" + id + "\", \"type\": \"Sensor\", \"n\": {\"type\": \"Property\", \"value\": 1}}",
                "NGSILD-Tenant", "outage", "X-API-Key", ADMIN_KEY);
    }

    @Test
    void requestsAreRefusedWhileTheDatabaseIsAwayAndServedWhenItIsBackWithNoAcknowledgedWriteLost() throws Exception {
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong slowest = new AtomicLong();
        List<String> refusedWithoutRetryAfter = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.submit(() -> {
                for (int n = 0; writing.get(); n++) {
                    String id = "urn:ngsi-ld:Sensor:" + writer + "-" + n;
                    long started = System.nanoTime();
                    Http.Answer answer;
                    try {
                        answer = create(id);
                    } catch (RuntimeException e) {
                        statuses.computeIfAbsent(-1, s -> new AtomicLong()).incrementAndGet();
                        continue;
                    }
                    slowest.accumulateAndGet(System.nanoTime() - started, Math::max);
                    answers.put(id, answer.status());
                    statuses.computeIfAbsent(answer.status(), s -> new AtomicLong()).incrementAndGet();
                    if (answer.status() == 503 && answer.header("Retry-After") == null) {
                        refusedWithoutRetryAfter.add(id);
                    }
                    if (answer.status() == 503) {
                        sleep(200);
                    }
                }
            });
        }
        Thread.sleep(1500);
        postgres.stop();
        Thread.sleep(1000);
        Http.Answer ready = http.get("/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        long readStarted = System.nanoTime();
        Http.Answer read = http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:0-0", "NGSILD-Tenant", "outage",
                "X-API-Key", ADMIN_KEY);
        System.out.printf("A read while the database is away: %d in %d ms%n", read.status(),
                Duration.ofNanos(System.nanoTime() - readStarted).toMillis());
        assertThat(read.status()).as(read.body()).isEqualTo(503);
        assertThat(read.header("Retry-After")).isNotNull();
        Thread.sleep(4000);
        postgres.resume();
        long resumed = System.nanoTime();
        while (http.get("/health/ready").status() != 200) {
            assertThat(Duration.ofNanos(System.nanoTime() - resumed)).isLessThan(Duration.ofSeconds(30));
            Thread.sleep(100);
        }
        System.out.printf("Ready again %d ms after the database was back%n",
                Duration.ofNanos(System.nanoTime() - resumed).toMillis());
        Thread.sleep(2000);
        writing.set(false);
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        System.out.println("Answers during the outage test: " + statuses + ", slowest "
                + Duration.ofNanos(slowest.get()).toMillis() + " ms");

        assertThat(statuses.keySet()).as("statuses (-1: no answer)").containsOnly(201, 503);
        assertThat(refusedWithoutRetryAfter).isEmpty();
        assertThat(Duration.ofNanos(slowest.get())).isLessThan(BOUND);
        assertThat(create("urn:ngsi-ld:Sensor:after").status()).isEqualTo(201);
        List<String> acknowledged = answers.entrySet().stream().filter(e -> e.getValue() == 201).map(Map.Entry::getKey).toList();
        assertThat(acknowledged).isNotEmpty();
        for (String id : acknowledged) {
            assertThat(http.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", "outage", "X-API-Key", ADMIN_KEY).status())
                    .as(id).isEqualTo(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
