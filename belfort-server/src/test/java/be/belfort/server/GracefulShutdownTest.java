package be.belfort.server;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM (systemd's stop, docker stop, kill): the platform finishes the requests under way, then stops its
 * jobs and its database cleanly, and exits.
 */
class GracefulShutdownTest {

    @Test
    void aRequestUnderWayWhenTheStopComesIsAnsweredAndKeptAndTheDatabaseStopsCleanly() throws Exception {
        Path data = TestPlatform.temporaryDirectory();
        CountDownLatch fetching = new CountDownLatch(1);
        // A remote @context that takes 2 s to come: the request that links it is under way that long.
        HttpServer contexts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        contexts.createContext("/slow.jsonld", exchange -> {
            fetching.countDown();
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"@context\": {\"count\": \"https://example.org/count\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/ld+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        contexts.start();
        String link = "<http://127.0.0.1:" + contexts.getAddress().getPort() + "/slow.jsonld>;"
                + " rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
        ChildPlatform platform = ChildPlatform.start(data);
        try {
            platform.awaitReady(Duration.ofSeconds(60));
            ProcessHandle postmaster = platform.postmaster().orElseThrow();
            CompletableFuture<Http.Answer> underWay = CompletableFuture.supplyAsync(() -> platform.http().post(
                    "/ngsi-ld/v1/entities", """
                            {"id": "urn:ngsi-ld:Counter:shutdown", "type": "Counter",
                             "count": {"type": "Property", "value": 1}}""", "Link", link));
            assertThat(fetching.await(30, TimeUnit.SECONDS)).isTrue();

            platform.process.destroy();

            assertThat(underWay.get(30, TimeUnit.SECONDS).status()).as("the request under way is answered").isEqualTo(201);
            assertThat(platform.process.waitFor(30, TimeUnit.SECONDS)).as("the platform exits").isTrue();
            // PostgreSQL removes its pid file just before it exits.
            assertThat(postmaster.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join())
                    .as("its database stopped with it").isNotNull();
            assertThat(platform.output()).contains("Belfort stopped");
            assertThat(Files.readString(data.resolve("postgres.log"))).contains("database system is shut down");
        } finally {
            platform.destroy();
            contexts.stop(0);
        }
        try (Platform restarted = TestPlatform.start(data)) {
            assertThat(new Http(restarted.port()).get("/ngsi-ld/v1/entities/urn:ngsi-ld:Counter:shutdown").status())
                    .isEqualTo(200);
            assertThat(Files.readString(data.resolve("postgres.log"))).as("no crash recovery after a clean stop")
                    .doesNotContain("database system was interrupted");
        }
    }
}
