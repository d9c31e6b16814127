package be.belfort.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner against a tiny fake broker that counts what it is sent. */
class LoadRunnerTest {
    private HttpServer fake;
    private final AtomicLong patches = new AtomicLong();
    private final AtomicLong gets = new AtomicLong();

    @BeforeEach
    void startFakeBroker() throws IOException {
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        fake.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int status;
            if (exchange.getRequestMethod().equals("PATCH")) {
                patches.incrementAndGet();
                status = 204;
            } else {
                gets.incrementAndGet();
                status = exchange.getRequestURI().getPath().endsWith("bench-3") ? 404 : 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        fake.start();
    }

    @AfterEach
    void stopFakeBroker() {
        fake.stop(0);
    }

    @Test
    void everyMeasuredSuccessWasSeenByTheBrokerAndWarmUpIsNotCounted() throws Exception {
        Workloads workloads = new Workloads("http://127.0.0.1:" + fake.getAddress().getPort(), "t", 1, 1000, 10);
        LoadRunner runner = new LoadRunner(HttpClient.newHttpClient(), 4, new PrintStream(new ByteArrayOutputStream()));

        Result result = runner.run(workloads.byName("update"), Duration.ofMillis(300), Duration.ofSeconds(1));

        assertThat(result.successes()).isPositive();
        assertThat(result.errorCount()).isZero();
        assertThat(patches.get()).isGreaterThanOrEqualTo(result.successes());
        assertThat(result.latencyMillis(50)).isPositive();
    }

    @Test
    void unexpectedStatusesAreCountedAsErrorsByStatus() throws Exception {
        Workloads workloads = new Workloads("http://127.0.0.1:" + fake.getAddress().getPort(), "t", 1, 5, 10);
        LoadRunner runner = new LoadRunner(HttpClient.newHttpClient(), 2, new PrintStream(new ByteArrayOutputStream()));

        Result result = runner.run(workloads.byName("retrieve"), Duration.ZERO, Duration.ofMillis(800));

        assertThat(result.errors()).containsOnlyKeys("HTTP 404");
        assertThat(result.successes() + result.errorCount()).isLessThanOrEqualTo(gets.get());
    }
}
