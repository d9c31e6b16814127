package be.belfort.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch working = new CountDownLatch(1);
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient client = HttpClient.newHttpClient();
    private ApiServer server;

    /** One request at work at a time, waiting at most {@code wait} for its turn. */
    private void start(Duration wait) {
        server = new ApiServer(1024, Duration.ofSeconds(2), metrics, new Problems(JSON), CorsPolicy.ANY_ORIGIN,
                new AdmissionLimits(1, wait), app -> {
            app.get("/slow", ctx -> {
                working.countDown();
                release.await(10, TimeUnit.SECONDS);
                ctx.result("done");
            });
            app.get("/fast", ctx -> ctx.result("fast"));
            app.get("/health/live", ctx -> ctx.result("alive"));
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aRequestBeyondTheBoundWaitsItsTurnAndIsAnswered503WithRetryAfterWhenTheWaitIsTooLong() throws Exception {
        start(Duration.ofMillis(300));
        CompletableFuture<HttpResponse<String>> slow = send("/slow");
        assertThat(working.await(5, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> refused = send("/fast").get(5, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("2");
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/ServiceUnavailable");
        assertThat(problem.path("detail").asText()).contains("wait their turn");
        assertThat(metrics.scrape()).contains("belfort_requests_refused_busy_total 1.0");

        // an orchestrator still sees the platform alive while it is busy
        assertThat(send("/health/live").get(5, TimeUnit.SECONDS).body()).isEqualTo("alive");

        release.countDown();
        assertThat(slow.get(5, TimeUnit.SECONDS).body()).isEqualTo("done");
        assertThat(send("/fast").get(5, TimeUnit.SECONDS).body()).isEqualTo("fast");
    }

    @Test
    void aRequestThatWaitsLessThanTheLimitIsServedWhenItsTurnComes() throws Exception {
        start(Duration.ofSeconds(20));
        CompletableFuture<HttpResponse<String>> slow = send("/slow");
        assertThat(working.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<HttpResponse<String>> waiting = send("/fast");
        awaitScrapeShows("belfort_requests_waiting 1.0");
        assertThat(waiting).isNotDone();

        release.countDown();
        assertThat(waiting.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(slow.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestFindingTheWaitingLineFullIsRefusedAtOnce() throws Exception {
        start(Duration.ofSeconds(20));
        CompletableFuture<HttpResponse<String>> slow = send("/slow");
        assertThat(working.await(5, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < AdmissionLimits.WAITING_PER_TURN; i++) {
            waiting.add(send("/fast"));
        }
        awaitScrapeShows("belfort_requests_waiting " + AdmissionLimits.WAITING_PER_TURN + ".0");

        long start = System.nanoTime();
        HttpResponse<String> refused = send("/fast").get(10, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not after the 20 s wait").isLessThan(Duration.ofSeconds(10));

        release.countDown();
        for (CompletableFuture<HttpResponse<String>> served : waiting) {
            assertThat(served.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(slow.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void theTurnIsGivenBackWhenTheAnswerIsAnError() throws Exception {
        start(Duration.ofSeconds(20));
        for (int i = 0; i < 5; i++) {
            assertThat(send("/nowhere").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
        }
        assertThat(send("/fast").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        // the client may hold the answer before the server has left the request: its turn is given back just after
        awaitScrapeShows("belfort_requests_working 0.0");
    }

    @Test
    void theListeningSocketQueuesABurstOfNewConnections() {
        start(Duration.ofSeconds(1));
        org.eclipse.jetty.server.Server jetty = server.jetty();
        assertThat(jetty.getConnectors()).singleElement()
                .satisfies(connector -> assertThat(((org.eclipse.jetty.server.ServerConnector) connector)
                        .getAcceptQueueSize()).isEqualTo(AcceptQueue.SIZE));
    }

    private void awaitScrapeShows(String line) throws InterruptedException {
        for (int i = 0; i < 200 && !metrics.scrape().contains(line); i++) {
            Thread.sleep(25);
        }
        assertThat(metrics.scrape()).contains(line);
    }

    private CompletableFuture<HttpResponse<String>> send(String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
