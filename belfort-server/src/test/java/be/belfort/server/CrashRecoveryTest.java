package be.belfort.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A platform killed outright (kill -9, the out-of-memory killer, a power cut) comes back with the next
 * {@code belfort start} on its data directory, with every acknowledged write; a second start beside a live one
 * refuses; the embedded PostgreSQL does not outlive its JVM.
 */
class CrashRecoveryTest {
    private static final Duration SERVING_WITHIN = Duration.ofSeconds(30);

    @Test
    void aStartAfterTheJvmDiedStopsThePostgresItLeftRunningAndServesEveryAcknowledgedWrite() throws Exception {
        Path data = TestPlatform.temporaryDirectory();
        ChildPlatform first = ChildPlatform.start(data);
        List<Integer> acknowledged;
        ProcessHandle leftRunning;
        try {
            first.awaitReady(Duration.ofSeconds(60));
            leftRunning = first.postmaster().orElseThrow();
            // Without its watchdog (killed too), the JVM's PostgreSQL runs on, as it did before there was one.
            acknowledged = ChildPlatform.writeUntil(first::killJvmAndWatchdog, created(first.http(), "jvm"));
        } finally {
            first.destroy();
        }
        assertThat(leftRunning.isAlive()).as("PostgreSQL left running by the killed JVM").isTrue();

        restartAndCheck(data, "jvm", acknowledged);
        assertThat(leftRunning.isAlive()).isFalse();
    }

    @Test
    void aStartAfterAPowerCutRecoversEveryAcknowledgedWrite() throws Exception {
        Path data = TestPlatform.temporaryDirectory();
        ChildPlatform first = ChildPlatform.start(data);
        List<Integer> acknowledged;
        try {
            first.awaitReady(Duration.ofSeconds(60));
            acknowledged = ChildPlatform.writeUntil(first::killEverything, created(first.http(), "power"));
        } finally {
            first.destroy();
        }
        assertThat(data.resolve("postgres").resolve("postmaster.pid")).as("the dead server's stale pid file").exists();

        restartAndCheck(data, "power", acknowledged);
    }

    /** Issue figure: serving again after a kill with 1,000 subscriptions in 20 tenants (printed, not timed). */
    @Test
    void aRestartAfterAKillServesWithEveryOneOfAThousandSubscriptionsInTwentyTenants() throws Exception {
        Path data = TestPlatform.temporaryDirectory();
        int tenants = 20;
        int perTenant = 50;
        ChildPlatform first = ChildPlatform.start(data);
        try (Receiver receiver = new Receiver()) {
            first.awaitReady(Duration.ofSeconds(60));
            Http http = first.http();
            for (int tenant = 0; tenant < tenants; tenant++) {
                for (int n = 0; n < perTenant; n++) {
                    Http.Answer created = http.post("/ngsi-ld/v1/subscriptions", """
                            {"type": "Subscription", "entities": [{"type": "Counter%d"}],
                             "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}}}"""
                            .formatted(n, receiver.url()), "NGSILD-Tenant", "city-" + tenant);
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                }
            }
            first.killJvm();

            long launched = System.nanoTime();
            ChildPlatform restarted = ChildPlatform.start(data);
            try {
                restarted.awaitReady(SERVING_WITHIN);
                System.out.printf("CrashRecoveryTest (1,000 subscriptions in 20 tenants): serving %d ms after the start"
                        + " command%n", (System.nanoTime() - launched) / 1_000_000);
                Http again = restarted.http();
                for (int tenant = 0; tenant < tenants; tenant++) {
                    Http.Answer listed = again.get("/ngsi-ld/v1/subscriptions?limit=1&count=true",
                            "NGSILD-Tenant", "city-" + tenant);
                    assertThat(listed.header("NGSILD-Results-Count")).as("subscriptions of city-%d", tenant)
                            .isEqualTo(Integer.toString(perTenant));
                }
                Http.Answer written = again.post("/ngsi-ld/v1/entities",
                        "{\"id\": \"urn:ngsi-ld:Counter:after\", \"type\": \"Counter7\", \"count\": {\"type\": \"Property\", \"value\": 1}}", "NGSILD-Tenant", "city-19");
                assertThat(written.status()).isEqualTo(201);
                assertThat(receiver.await(1, r -> true)).as("a subscription from before the kill fires").isNotEmpty();
            } finally {
                restarted.destroy();
            }
        } finally {
            first.destroy();
        }
    }

    @Test
    void theEmbeddedPostgresStopsSoonAfterItsJvmIsKilled() throws Exception {
        Path data = TestPlatform.temporaryDirectory();
        ChildPlatform platform = ChildPlatform.start(data);
        try {
            platform.awaitReady(Duration.ofSeconds(60));
            ProcessHandle postmaster = platform.postmaster().orElseThrow();
            platform.killJvm();
            long killed = System.nanoTime();
            boolean stopped = postmaster.onExit().completeOnTimeout(null, 15, TimeUnit.SECONDS).join() != null
                    || !postmaster.isAlive();
            assertThat(stopped).as("PostgreSQL stopped within 15 s of its JVM's death").isTrue();
            System.out.printf("CrashRecoveryTest: the watchdog stopped PostgreSQL %d ms after the JVM was killed%n",
                    (System.nanoTime() - killed) / 1_000_000);
            assertThat(Files.readString(data.resolve("postgres.log")))
                    .as("a fast shutdown, not a crash").contains("database system is shut down");
        } finally {
            platform.destroy();
            ChildPlatform.killPostgres(data);
        }
    }

    @Test
    void aSecondStartBesideALiveOneRefusesAtOnceNamingItsProcess() throws Exception {
        Path data = TestPlatform.temporaryDirectory();
        ChildPlatform first = ChildPlatform.start(data);
        try {
            first.awaitReady(Duration.ofSeconds(60));
            ChildPlatform second = ChildPlatform.start(data);
            try {
                assertThat(second.process.waitFor(30, TimeUnit.SECONDS)).as("the second start ends by itself").isTrue();
                assertThat(second.process.exitValue()).isNotZero();
                List<String> lines = second.output().lines().filter(line -> !line.isBlank()).toList();
                assertThat(lines).hasSize(1);
                assertThat(lines.getFirst()).startsWith("belfort: ").contains("in use by a running Belfort")
                        .contains("pid " + first.process.pid());
            } finally {
                second.destroy();
            }
            assertThat(first.http().get("/health/ready").status()).as("the first one serves on").isEqualTo(200);
            assertThat(first.postmaster()).isPresent();
        } finally {
            first.destroy();
        }
    }

    @Test
    void theStartPrintsBelfortsLinesAndKeepsPostgresOutputInItsLog() throws Exception {
        Path data = TestPlatform.temporaryDirectory();
        ChildPlatform platform = ChildPlatform.start(data);
        try {
            platform.awaitReady(Duration.ofSeconds(60));
            assertThat(platform.output()).contains("Belfort is running", "postgres.log")
                    .doesNotContain("The files belonging to this database system", "waiting for server to start",
                            "database system is ready", "Migrating schema", "Detected a Linux");
            assertThat(Files.readString(data.resolve("postgres.log")))
                    .contains("The files belonging to this database system", "database system is ready");
        } finally {
            platform.destroy();
        }
    }

    private static java.util.function.IntPredicate created(Http http, String kind) {
        return value -> http.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "Counter", "count": {"type": "Property", "value": %d}}"""
                .formatted(id(kind, value), value)).status() == 201;
    }

    private static String id(String kind, int value) {
        return "urn:ngsi-ld:Counter:" + kind + "-" + value;
    }

    /** Starts the platform again on {@code data}: serving within 30 s, with every acknowledged write there. */
    private static void restartAndCheck(Path data, String kind, List<Integer> acknowledged) throws Exception {
        assertThat(acknowledged).isNotEmpty();
        long launched = System.nanoTime();
        ChildPlatform restarted = ChildPlatform.start(data);
        try {
            restarted.awaitReady(SERVING_WITHIN);
            System.out.printf("CrashRecoveryTest (%s): serving %d ms after the start command%n", kind,
                    (System.nanoTime() - launched) / 1_000_000);
            Http http = restarted.http();
            List<String> lost = new ArrayList<>();
            for (int value : acknowledged) {
                if (http.get("/ngsi-ld/v1/entities/" + id(kind, value)).status() != 200) {
                    lost.add(id(kind, value));
                }
            }
            assertThat(lost).as("acknowledged but lost (of %d)", acknowledged.size()).isEmpty();
        } finally {
            restarted.destroy();
        }
    }
}
