package be.belfort.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        ChildPlatform platform = ChildPlatform.start(data);
        List<Integer> acknowledged;
        try {
            Http http = platform.http();
            platform.awaitReady(Duration.ofSeconds(60));
            acknowledged = ChildPlatform.writeUntil(platform::killEverything,
                    value -> http.post("/ngsi-ld/v1/entities", entity(testId(value), value)).status() == 201);
        } finally {
            platform.destroy();
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
        String tenant = "crash-notify";
        ChildPlatform platform = ChildPlatform.start(data);
        List<Integer> acknowledged;
        try (Receiver receiver = new Receiver()) {
            // A receiver that refuses every notification until the kill, so that all of them are still waiting
            // in the outbox when the process dies: after the restart, each must come from there.
            receiver.mode(Receiver.Mode.FAIL);
            try {
                Http http = platform.http();
                platform.awaitReady(Duration.ofSeconds(60));
                assertThat(http.post("/ngsi-ld/v1/subscriptions", """
                        {"type": "Subscription", "entities": [{"type": "Counter"}], "watchedAttributes": ["count"],
                         "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}}}""".formatted(receiver.url()),
                        "NGSILD-Tenant", tenant).status()).isEqualTo(201);
                acknowledged = ChildPlatform.writeUntil(platform::killEverything, value -> http.post("/ngsi-ld/v1/entities",
                        entity("urn:ngsi-ld:Counter:crash-" + value, value), "NGSILD-Tenant", tenant).status() == 201);
            } finally {
                platform.destroy();
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

    private static String entity(String id, int count) {
        return """
                {"id": "%s", "type": "Counter", "count": {"type": "Property", "value": %d}}""".formatted(id, count);
    }
}
