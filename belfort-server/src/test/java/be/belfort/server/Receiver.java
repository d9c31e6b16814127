package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/** A real HTTP notification receiver for tests: records what it is sent, or answers badly on demand. */
final class Receiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answers at once, fails with 500, answers after 10 s, or takes half a second per notification. */
    enum Mode { OK, FAIL, SLOW, DELAYED }

    /** One notification as received: its body, headers and when it came. */
    record Received(JsonNode body, Map<String, List<String>> headers, Instant at) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.OK;

    Receiver() {
        this(0);
    }

    Receiver(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            switch (mode) {
                case FAIL -> exchange.sendResponseHeaders(500, -1);
                case SLOW -> {
                    sleep(Duration.ofSeconds(10));
                    exchange.sendResponseHeaders(204, -1);
                }
                case OK, DELAYED -> {
                    if (mode == Mode.DELAYED) {
                        sleep(Duration.ofMillis(500));
                    }
                    received.add(new Received(JSON.readTree(body), Map.copyOf(exchange.getRequestHeaders()), Instant.now()));
                    exchange.sendResponseHeaders(204, -1);
                }
            }
            exchange.close();
        });
        server.start();
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/notify";
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Waits (at most 15 s) until {@code count} notifications matching the test have arrived; returns the matching ones. */
    List<Received> await(int count, Predicate<Received> test) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> matching = received.stream().filter(test).toList();
            if (matching.size() >= count) {
                return matching;
            }
            sleep(Duration.ofMillis(20));
        }
        return received.stream().filter(test).toList();
    }

    /** Waits a moment and returns everything received, to show that nothing (more) came. */
    List<Received> settle() {
        sleep(Duration.ofMillis(700));
        return received();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
