package be.belfort.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/** A write that was acknowledged survives a restart and a crash of both the platform and its database. */
class DurabilityTest {

    @Test
    void entitiesSurviveAGracefulRestart() {
        Path data = TestPlatform.temporaryDirectory();
        try (Platform first = TestPlatform.start(data)) {
            Http http = new Http(first.port());
            assertThat(http.post("/ngsi-ld/v1/entities", entity("urn:ngsi-ld:Test:restart", 7),
                    "NGSILD-Tenant", "gent").status()).isEqualTo(201);
        }
        try (Platform second = TestPlatform.start(data)) {
            Http.Answer read = new Http(second.port()).get("/ngsi-ld/v1/entities/urn:ngsi-ld:Test:restart",
                    "NGSILD-Tenant", "gent");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().path("count").path("value").asInt()).isEqualTo(7);
        }
    }

    @Test
    void acknowledgedWritesSurviveAKilledProcess() throws Exception {
        Path data = TestPlatform.temporaryDirectory();
        int port = freePort();
        Process platform = startInChildProcess(data, port);
        List<Integer> acknowledged;
        try {
            Http http = new Http(port);
            awaitHealthy(http, platform);
            acknowledged = writeThenKill(platform, data,
                    value -> http.post("/ngsi-ld/v1/entities", entity(testId(value), value)).status() == 201);
        } finally {
            platform.destroyForcibly();
        }
        assertThat(acknowledged).isNotEmpty();
        try (Platform restarted = TestPlatform.start(data)) {
            Http http = new Http(restarted.port());
            List<String> lost = new ArrayList<>();
            for (int value : List.copyOf(acknowledged)) {
                if (http.get("/ngsi-ld/v1/entities/" + testId(value)).status() != 200) {
                    lost.add(testId(value));
                }
            }
            assertThat(lost).as("acknowledged but lost after the crash (of %d)", acknowledged.size()).isEmpty();
        }
    }

    @Test
    void everyAcknowledgedChangeIsNotifiedDespiteAKilledProcess() throws Exception {
        Path data = TestPlatform.temporaryDirectory();
        int port = freePort();
        String tenant = "crash-notify";
        Process platform = startInChildProcess(data, port);
        List<Integer> acknowledged;
        try (Receiver receiver = new Receiver()) {
            // A receiver that refuses every notification until the kill, so that all of them are still waiting
            // in the outbox when the process dies: after the restart, each must come from there.
            receiver.mode(Receiver.Mode.FAIL);
            try {
                Http http = new Http(port);
                awaitHealthy(http, platform);
                assertThat(http.post("/ngsi-ld/v1/subscriptions", """
                        {"type": "Subscription", "entities": [{"type": "Counter"}], "watchedAttributes": ["count"],
                         "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}}}""".formatted(receiver.url()),
                        "NGSILD-Tenant", tenant).status()).isEqualTo(201);
                acknowledged = writeThenKill(platform, data, value -> http.post("/ngsi-ld/v1/entities",
                        entity("urn:ngsi-ld:Counter:crash-" + value, value), "NGSILD-Tenant", tenant).status() == 201);
            } finally {
                platform.destroyForcibly();
            }
            assertThat(acknowledged).isNotEmpty();
            receiver.mode(Receiver.Mode.OK);
            try (Platform restarted = TestPlatform.start(data)) {
                // Redelivered notifications come too, so wait for the values, not for a count.
                List<Integer> missing = List.copyOf(acknowledged);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!missing.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    java.util.Set<Integer> notified = receiver.received().stream()
                            .map(r -> r.body().get("data").get(0).get("count").asInt())
                            .collect(java.util.stream.Collectors.toSet());
                    missing = acknowledged.stream().filter(value -> !notified.contains(value)).toList();
                }
                assertThat(missing).as("acknowledged changes never notified (of %d)", acknowledged.size()).isEmpty();
            }
        }
    }

    private static String testId(int value) {
        return "urn:ngsi-ld:Test:crash-" + value;
    }

    /**
     * Four writers write (numbered values, each writer its own million) until, 1.5 s in, the platform and its
     * PostgreSQL server are killed as a power cut would; returns the values whose writes were acknowledged.
     */
    private static List<Integer> writeThenKill(Process platform, Path data, IntPredicate write) throws Exception {
        List<Integer> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        for (int writer = 0; writer < 4; writer++) {
            int w = writer;
            writers.submit(() -> {
                for (int n = 0; writing.get(); n++) {
                    int value = w * 1_000_000 + n;
                    try {
                        if (write.test(value)) {
                            acknowledged.add(value);
                        }
                    } catch (RuntimeException connectionLost) {
                        return;
                    }
                }
            });
        }
        Thread.sleep(1500);
        platform.destroyForcibly();
        killPostgres(data);
        writing.set(false);
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        return acknowledged;
    }

    private static String entity(String id, int count) {
        return """
                {"id": "%s", "type": "Counter", "count": {"type": "Property", "value": %d}}""".formatted(id, count);
    }

    private static Process startInChildProcess(Path data, int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "start",
                "--port", Integer.toString(port), "--data-dir", data.toString(), "--host", "127.0.0.1", "--auth", "off",
                "--allow-private-outbound")
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("platform.log").toFile())
                .start();
    }

    private static void awaitHealthy(Http http, Process platform) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline) && platform.isAlive()) {
            try {
                if (http.get("/health").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the server is still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The platform did not become healthy");
    }

    private static void killPostgres(Path data) throws IOException, InterruptedException {
        Path pidFile = data.resolve("postgres").resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            String pid = Files.readAllLines(pidFile).get(0).trim();
            ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(pid)).orElse(null);
            if (postmaster != null) {
                List<ProcessHandle> backends = postmaster.descendants().toList();
                postmaster.destroyForcibly();
                backends.forEach(ProcessHandle::destroyForcibly);
                // PostgreSQL refuses to start while the old postmaster's pid is still taken.
                Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
                while (postmaster.isAlive() && Instant.now().isBefore(deadline)) {
                    Thread.sleep(100);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
