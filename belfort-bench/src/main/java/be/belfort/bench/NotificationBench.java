package be.belfort.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The notification workload: many subscriptions, a steady rate of attribute updates, and a receiver in
 * this process that measures the time from sending each update to receiving its notification (so the
 * figure includes the write and its commit). Optionally a dead receiver and one that answers after
 * 10 s are subscribed to every change too, to show that they delay nobody else.
 */
final class NotificationBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE = "BenchCounter";

    private final HttpClient client;
    private final String base;
    private final String tenant;
    private final PrintStream out;

    private final String apiKey;

    NotificationBench(HttpClient client, String url, String tenant, String apiKey, PrintStream out) {
        this.client = client;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.base = url + "/ngsi-ld/v1";
        this.tenant = tenant;
        this.out = out;
    }

    void run(int subscriptions, int rate, Duration warmup, Duration duration, boolean badReceivers) throws Exception {
        int warm = (int) (rate * warmup.toSeconds());
        Histogram latencies = new Histogram(60_000_000_000L, 3);
        Histogram writes = new Histogram(60_000_000_000L, 3);
        Histogram fromCommit = new Histogram(60_000_000_000L, 3);
        ConcurrentHashMap<Integer, Long> sentAt = new ConcurrentHashMap<>();
        AtomicLong duplicates = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/", exchange -> {
            long now = System.nanoTime();
            java.time.Instant received = java.time.Instant.now();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            int value = body.path("data").path(0).path("count").path("value").asInt(-1);
            String modifiedAt = body.path("data").path(0).path("count").path("modifiedAt").asText(null);
            if (value >= 0 && value < warm) {
                sentAt.remove(value);
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
                return;
            }
            if (modifiedAt != null) {
                synchronized (fromCommit) {
                    fromCommit.recordValue(Math.max(0, Duration.between(java.time.Instant.parse(modifiedAt), received).toNanos()));
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            Long sent = sentAt.remove(value);
            if (sent == null) {
                duplicates.incrementAndGet();
            } else {
                synchronized (latencies) {
                    latencies.recordValue(Math.max(0, now - sent));
                }
            }
        });
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        slow.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        slow.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            sleep(Duration.ofSeconds(10));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        slow.start();
        List<String> created = new ArrayList<>();
        try {
            String healthy = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/notify";
            out.printf("notify: creating %d entities and %d subscriptions (one per entity)%n", subscriptions, subscriptions);
            for (int i = 0; i < subscriptions; i++) {
                send("POST", "/entityOperations/upsert", "[{\"id\": \"" + entity(i) + "\", \"type\": \"" + TYPE
                        + "\", \"count\": {\"type\": \"Property\", \"value\": -1}}]");
                created.add(subscribe("{\"type\": \"Subscription\", \"entities\": [{\"id\": \"" + entity(i) + "\", \"type\": \""
                        + TYPE + "\"}], \"watchedAttributes\": [\"count\"], \"notification\": {\"sysAttrs\": true, \"endpoint\": {\"uri\": \""
                        + healthy + "\"}}}"));
                if ((i + 1) % Math.max(1, subscriptions / 4) == 0) {
                    out.printf("notify: %d of %d subscriptions%n", i + 1, subscriptions);
                }
            }
            if (badReceivers) {
                created.add(subscribe(everyChange("http://127.0.0.1:" + closedPort() + "/dead")));
                created.add(subscribe(everyChange("http://127.0.0.1:" + slow.getAddress().getPort() + "/slow")));
                out.println("notify: plus a dead receiver and one answering after 10 s, subscribed to every change");
            }
            long total = warm + (long) rate * duration.toSeconds();
            out.printf("notify: %d updates/s, %d s warm-up, then %d s measured%n", rate, warmup.toSeconds(),
                    duration.toSeconds());
            AtomicLong failed = new AtomicLong();
            // What the failed updates were answered (-1: no answer: a refused connection or the client's time-out).
            java.util.Map<Integer, AtomicLong> failures = new java.util.concurrent.ConcurrentSkipListMap<>();
            long start = System.nanoTime();
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int k = 0; k < total; k++) {
                    long due = start + k * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    int value = k;
                    senders.submit(() -> {
                        long sent = System.nanoTime();
                        sentAt.put(value, sent);
                        int status = sendStatus("PATCH", "/entities/" + entity(value % subscriptions) + "/attrs",
                                "{\"count\": {\"type\": \"Property\", \"value\": " + value + "}}");
                        if (value >= warm) {
                            synchronized (writes) {
                                writes.recordValue(System.nanoTime() - sent);
                            }
                        }
                        if (status != 204) {
                            failed.incrementAndGet();
                            failures.computeIfAbsent(status, code -> new AtomicLong()).incrementAndGet();
                        }
                    });
                }
            }
            long drainEnd = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!sentAt.isEmpty() && System.nanoTime() < drainEnd) {
                sleep(Duration.ofMillis(50));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.println();
            out.printf(Locale.ROOT, "notify: %d updates sent (%d failed%s), %d notified, %d missing after 10 s, %d duplicates%n",
                    total - warm, failed.get(), failures.isEmpty() ? "" : ": " + failures.entrySet().stream()
                            .map(entry -> (entry.getKey() < 0 ? "no answer" : "HTTP " + entry.getKey()) + " ×" + entry.getValue())
                            .collect(java.util.stream.Collectors.joining(", ")),
                    latencies.getTotalCount(), sentAt.size(), duplicates.get());
            out.printf(Locale.ROOT, "notify: update-to-notification latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms"
                            + " (%d subscriptions, %d updates/s%s, %.0f s)%n",
                    latencies.getValueAtPercentile(50) / 1e6, latencies.getValueAtPercentile(95) / 1e6,
                    latencies.getValueAtPercentile(99) / 1e6, latencies.getMaxValue() / 1e6, subscriptions, rate,
                    badReceivers ? ", with a dead and a slow receiver" : "", seconds);
            out.printf(Locale.ROOT, "notify: commit-to-receipt latency (from the attribute's modifiedAt, stamped just before"
                            + " the commit) p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    fromCommit.getValueAtPercentile(50) / 1e6, fromCommit.getValueAtPercentile(95) / 1e6,
                    fromCommit.getValueAtPercentile(99) / 1e6, fromCommit.getMaxValue() / 1e6);
            out.printf(Locale.ROOT, "notify: the updates themselves took p50 %.1f ms, p99 %.1f ms%n",
                    writes.getValueAtPercentile(50) / 1e6, writes.getValueAtPercentile(99) / 1e6);
        } finally {
            for (String id : created) {
                sendStatus("DELETE", "/subscriptions/" + id, null);
            }
            receiver.stop(0);
            slow.stop(0);
        }
    }

    private static String everyChange(String uri) {
        return "{\"type\": \"Subscription\", \"entities\": [{\"type\": \"" + TYPE + "\"}], \"notification\": {\"endpoint\": {\"uri\": \""
                + uri + "\"}}}";
    }

    private static String entity(int i) {
        return "urn:ngsi-ld:" + TYPE + ":" + i;
    }

    private String subscribe(String body) throws Exception {
        HttpResponse<String> answer = client.send(request("POST", "/subscriptions", body), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("Subscription refused: " + answer.statusCode() + " " + answer.body());
        }
        String location = answer.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private void send(String method, String path, String body) throws Exception {
        int status = sendStatus(method, path, body);
        if (status / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + status);
        }
    }

    private int sendStatus(String method, String path, String body) {
        try {
            return client.send(request(method, path, body), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpRequest request(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (!tenant.isEmpty()) {
            request.header("NGSILD-Tenant", tenant);
        }
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return request.build();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
