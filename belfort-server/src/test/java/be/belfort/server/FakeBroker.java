package be.belfort.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A small NGSI-LD context source that misbehaves on purpose, one way per path prefix: {@code /slow} answers after
 * 10 s, {@code /error} with 500, {@code /garbage} with what is not JSON, {@code /echo} with one entity and records
 * the requests it gets, {@code /loop} passes the request back to the platform that asked (with its Via header),
 * as a broker that forwards everything would. It also serves a JSON-LD @context at {@code /context.jsonld}.
 */
final class FakeBroker implements AutoCloseable {
    static final String CONTEXT = """
            {"@context": {"OffStreetParking": "https://smartdatamodels.org/dataModel.Parking/OffStreetParking",
              "ParkingSite": "https://smartdatamodels.org/dataModel.Parking/ParkingSite",
              "availableSpotNumber": "https://smartdatamodels.org/dataModel.Parking/availableSpotNumber",
              "Sensor": "https://example.org/Sensor", "temperature": "https://example.org/temperature",
              "name": "https://schema.org/name"}}""";

    /** A request a source received: its path with query, and its headers. */
    record Request(String uri, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    final List<Request> echoed = new CopyOnWriteArrayList<>();
    private volatile int loopTargetPort;

    FakeBroker() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/context.jsonld", exchange -> answer(exchange, 200, "application/ld+json", CONTEXT));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "application/json", "[]");
        });
        server.createContext("/error", exchange -> answer(exchange, 500, "application/json", "{}"));
        server.createContext("/garbage", exchange -> answer(exchange, 200, "application/json", "[{\"id\": "));
        server.createContext("/echo", exchange -> {
            echoed.add(new Request(exchange.getRequestURI().toString(), Map.copyOf(exchange.getRequestHeaders())));
            answer(exchange, 200, "application/json", """
                    [{"id": "urn:ngsi-ld:Sensor:echo", "type": "Sensor",
                      "temperature": {"type": "Property", "value": 21.5}}]""");
        });
        server.createContext("/loop", exchange -> {
            String query = exchange.getRequestURI().getRawQuery().replace("local=true", "local=false");
            String[] headers = exchange.getRequestHeaders().entrySet().stream()
                    .filter(e -> List.of("via", "ngsild-tenant", "link", "x-api-key").contains(e.getKey().toLowerCase()))
                    .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue().get(0))).toArray(String[]::new);
            Http.Answer back = new Http(loopTargetPort).get("/ngsi-ld/v1/entities?" + query, headers);
            answer(exchange, back.status(), "application/json", back.body());
        });
        server.start();
    }

    /** Where {@code /loop} sends the requests it gets. */
    void loopBackTo(int port) {
        loopTargetPort = port;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
