package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health endpoints for load balancers: live while the process answers, ready while the database answers a
 * query in time, on a platform of its own (with access control on) whose database the tests freeze and stop.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthTest {
    private static Path data;
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        data = TestPlatform.temporaryDirectory();
        platform = Platform.start(Settings.embedded(data, 0));
        http = new Http(platform.port());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    @Order(1)
    void liveAndReadyNeedNoCredentialsAndAreNeverRateLimited() {
        Http.Answer live = http.get("/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().path("status").asText()).isEqualTo("UP");
        Http.Answer ready = http.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("database").asText()).isEqualTo("UP");
        assertThat(http.get("/health").json().path("status").asText()).as("the original endpoint").isEqualTo("UP");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            statuses.add(http.get(i % 2 == 0 ? "/health/live" : "/health/ready").status());
        }
        assertThat(statuses).as("more than an anonymous client's burst").containsOnly(200);
    }

    @Test
    @Order(2)
    void notReadyWithinSecondsWhileTheDatabaseHangsThenReadyAgain() throws Exception {
        ProcessHandle postmaster = ChildPlatform.postmaster(data).orElseThrow();
        List<ProcessHandle> server = new ArrayList<>(postmaster.descendants().toList());
        server.addFirst(postmaster);
        signal(server, "STOP");
        try {
            long asked = System.nanoTime();
            Http.Answer ready = http.get("/health/ready");
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("a hanging database does not hang the check")
                    .isLessThan(Duration.ofSeconds(5));
            assertNotReady(ready);
            assertThat(http.get("/health").status()).isEqualTo(503);
            assertThat(http.get("/health/live").status()).as("the process itself answers").isEqualTo(200);
        } finally {
            signal(server, "CONT");
        }
        assertThat(awaitStatus("/health/ready", 200, Duration.ofSeconds(15))).as("ready again").isEqualTo(200);
    }

    @Test
    @Order(3)
    void notReadyWhenTheDatabaseIsStopped() throws Exception {
        // Last: the database stays stopped.
        ProcessHandle postmaster = ChildPlatform.postmaster(data).orElseThrow();
        signal(List.of(postmaster), "INT");
        postmaster.onExit().get();
        assertNotReady(http.get("/health/ready"));
        assertThat(http.get("/health/live").status()).isEqualTo(200);
    }

    private static void assertNotReady(Http.Answer ready) {
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.header("Retry-After")).isEqualTo("5");
        assertThat(ready.json().path("status").asInt()).isEqualTo(503);
        assertThat(ready.json().path("type").asText()).startsWith("https://uri.etsi.org/ngsi-ld/errors/");
        assertThat(ready.json().path("detail").asText()).contains("database does not answer");
    }

    private static int awaitStatus(String path, int expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int status = http.get(path).status();
        while (status != expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = http.get(path).status();
        }
        return status;
    }

    private static void signal(List<ProcessHandle> processes, String signal) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-s", signal));
        processes.forEach(process -> command.add(Long.toString(process.pid())));
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
