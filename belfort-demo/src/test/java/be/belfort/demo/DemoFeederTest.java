package be.belfort.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The feeder against a tiny fake broker that records what it receives and can be made to fail. */
class DemoFeederTest {
    private record Received(String path, String tenant, String contentType, JsonNode body) {
    }

    private HttpServer fake;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(201);

    @BeforeEach
    void startFakeBroker() throws IOException {
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        fake.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("NGSILD-Tenant"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), Demo.JSON.readTree(exchange.getRequestBody())));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        fake.start();
    }

    @AfterEach
    void stopFakeBroker() {
        fake.stop(0);
    }

    private DemoFeeder feeder() {
        return feeder(Clock.systemUTC());
    }

    private DemoFeeder feeder(Clock clock) {
        return new DemoFeeder(URI.create("http://127.0.0.1:" + fake.getAddress().getPort()),
                new DemoSettings(Duration.ofMillis(100), 200, 42, clock));
    }

    @Test
    void aRoundCreatesBuildingsOnceAndUpsertsLiveEntitiesPerTenant() {
        DemoFeeder feeder = feeder(Clock.fixed(java.time.Instant.parse("2026-11-22T10:00:00Z"), java.time.ZoneOffset.UTC));
        assertThat(feeder.round()).isTrue();
        // At the same instant nothing changed, so the second round sends nothing at all.
        assertThat(feeder.round()).isTrue();

        assertThat(received).allSatisfy(r -> assertThat(r.contentType()).isEqualTo("application/json"));
        List<Received> creates = received.stream().filter(r -> r.path().endsWith("/entityOperations/create")).toList();
        List<Received> upserts = received.stream().filter(r -> r.path().endsWith("/entityOperations/upsert")).toList();
        assertThat(creates).extracting(Received::tenant).containsExactlyInAnyOrderElementsOf(DemoRegion.tenants());
        assertThat(upserts).hasSize(DemoRegion.tenants().size());
        assertThat(creates).allSatisfy(r -> assertThat(r.body().findValuesAsText("type")).contains("Building"));
        Received gent = upserts.stream().filter(r -> "gent".equals(r.tenant())).findFirst().orElseThrow();
        assertThat(gent.body().toString()).contains("urn:ngsi-ld:OffStreetParking:gent-P1");
        assertThat(feeder.status().entityCount("gent")).isEqualTo(6 + 2 + 3);
        List<Received> datasets = received.stream().filter(r -> r.path().startsWith("/admin/datasets/")).toList();
        long crowdCities = Places.SHOPPING_STREETS.stream().map(Places.ShoppingStreet::tenant).distinct().count();
        assertThat(datasets).as("three open datasets per tenant and crowdedness where it is counted, declared once")
                .hasSize((int) (3 * DemoRegion.tenants().size() + crowdCities));
        assertThat(datasets).filteredOn(r -> r.path().equals("/admin/datasets/gent/CrowdFlowObserved"))
                .singleElement().satisfies(r -> assertThat(r.body().get("accessLevel").asText()).isEqualTo("restricted"));
        assertThat(datasets).filteredOn(r -> r.path().equals("/admin/datasets/gent/OffStreetParking"))
                .singleElement().satisfies(r -> assertThat(r.body().get("accessLevel").asText()).isEqualTo("open"));
    }

    @Test
    void aFailingBrokerIsBackedOffFromAndTheFeederRecovers() throws InterruptedException {
        status.set(500);
        try (DemoFeeder feeder = feeder().start()) {
            Thread.sleep(2500);
            int duringFailure = received.size();
            // Healthy rounds every 100 ms would send about 25 rounds x 18 requests (a dataset declaration, a
            // create and an upsert per tenant); backing off sends a few rounds.
            assertThat(duringFailure).isPositive().isLessThanOrEqualTo(6 * 18);
            assertThat(feeder.status().lastError()).contains("HTTP 500");

            status.set(201);
            Thread.sleep(3500);
            assertThat(received.size()).isGreaterThan(duringFailure);
            assertThat(feeder.status().entityCount("kampenhout")).isEqualTo(3 + 2);
        }
    }
}
