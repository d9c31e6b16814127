package be.belfort.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A region federating its cities: starts {@code cities} small NGSI-LD sources in this process (each answers a
 * query with its own 20 car parks after {@code cityDelay}), registers each with the broker under test, and measures
 * the region's query answered from all of them against one city's own answer; with {@code deadCity}, one more
 * registered city whose port refuses connections. The registrations are deleted at the end. The broker must be
 * allowed to call private addresses (Belfort: {@code --allow-private-outbound}).
 */
final class FederationBench {
    private static final String QUERY = "/ngsi-ld/v1/entities?type=OffStreetParking&limit=100";
    /** Names without an @context (the core context's default vocabulary), as the other workloads send them. */
    private static final String PARKING = "OffStreetParking";

    private final HttpClient client;
    private final String url;
    private final String tenant;
    private final String apiKey;
    private final PrintStream out;

    FederationBench(HttpClient client, String url, String tenant, String apiKey, PrintStream out) {
        this.client = client;
        this.url = url;
        this.tenant = tenant;
        this.apiKey = apiKey;
        this.out = out;
    }

    void run(int cities, Duration cityDelay, boolean deadCity, int connections, Duration warmup, Duration duration)
            throws Exception {
        List<HttpServer> sources = new ArrayList<>();
        List<String> registrations = new ArrayList<>();
        try {
            for (int city = 0; city < cities; city++) {
                sources.add(source(city, cityDelay));
            }
            for (HttpServer source : sources) {
                registrations.add(register("http://127.0.0.1:" + source.getAddress().getPort()));
            }
            if (deadCity) {
                try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
                    registrations.add(register("http://127.0.0.1:" + closed.getLocalPort()));
                }
            }
            out.printf("Federation bench against %s: %d cities answering after %d ms%s, %d connections%n", url, cities,
                    cityDelay.toMillis(), deadCity ? ", plus one dead city" : "", connections);
            LoadRunner runner = new LoadRunner(client, connections, out);
            String cityUrl = "http://127.0.0.1:" + sources.get(0).getAddress().getPort();
            List<Result> results = List.of(
                    runner.run(workload("city-own", cityUrl, Set.of(200)), warmup, duration),
                    runner.run(workload("region-" + cities, url, Set.of(200)), warmup, duration));
            out.println();
            out.print(Report.table(results));
            out.printf("Region p50 over one city's own answer: %+.2f ms%n",
                    results.get(1).latencyMillis(50) - results.get(0).latencyMillis(50));
        } finally {
            for (String location : registrations) {
                client.send(request(URI.create(url + location)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
            sources.forEach(source -> source.stop(0));
        }
    }

    private Workload workload(String name, String base, Set<Integer> expected) {
        return new Workload() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HttpRequest next(int worker, long sequence) {
                return request(URI.create(base + QUERY)).GET().build();
            }

            @Override
            public Set<Integer> expectedStatuses() {
                return expected;
            }
        };
    }

    private String register(String endpoint) throws IOException, InterruptedException {
        HttpResponse<String> created = client.send(request(URI.create(url + "/ngsi-ld/v1/csourceRegistrations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "%s"}]}],
                         "endpoint": "%s"}""".formatted(PARKING, endpoint))).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Registering " + endpoint + " answered " + created.statusCode() + ": "
                    + created.body());
        }
        return created.headers().firstValue("Location").orElseThrow();
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (!tenant.isEmpty()) {
            request.header("NGSILD-Tenant", tenant);
        }
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("X-API-Key", apiKey);
        }
        return request;
    }

    /** A city's broker: its 20 car parks for any query, after the delay. */
    private static HttpServer source(int city, Duration delay) throws IOException {
        StringBuilder entities = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            entities.append(i == 0 ? "" : ",").append("""
                    {"id": "urn:ngsi-ld:OffStreetParking:city%d-%02d", "type": "%s",
                     "availableSpotNumber": {"type": "Property",
                       "value": %d, "observedAt": "2026-01-01T10:00:00Z"}}""".formatted(city, i, PARKING, 10 + i));
        }
        byte[] body = entities.append(']').toString().getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ngsi-ld/v1/entities", exchange -> {
            try {
                if (!delay.isZero()) {
                    Thread.sleep(delay);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("NGSILD-Results-Count", "20");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
