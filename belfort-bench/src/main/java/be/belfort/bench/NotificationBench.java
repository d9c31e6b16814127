package be.belfort.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    /** The JDK's client, for setting up and cleaning up; the measured updates go through Jetty's. */
    private final java.net.http.HttpClient client;
    private final String base;
    private final String tenant;
    private final PrintStream out;

    private final String apiKey;

    NotificationBench(java.net.http.HttpClient client, String url, String tenant, String apiKey, PrintStream out) {
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
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        Server receiver = receiver((body, answer) -> {
            long now = System.nanoTime();
            Instant received = Instant.now();
            JsonNode count = JSON.readTree(body).path("data").path(0).path("count");
            int value = count.path("value").asInt(-1);
            String modifiedAt = count.path("modifiedAt").asText(null);
            answer.run();
            if (value >= 0 && value < warm) {
                sentAt.remove(value);
                return;
            }
            if (modifiedAt != null) {
                synchronized (fromCommit) {
                    fromCommit.recordValue(Math.max(0, Duration.between(Instant.parse(modifiedAt), received).toNanos()));
                }
            }
            Long sent = sentAt.remove(value);
            if (sent == null) {
                duplicates.incrementAndGet();
            } else {
                synchronized (latencies) {
                    latencies.recordValue(Math.max(0, now - sent));
                }
            }
        });
        Server slow = receiver((body, answer) -> later.schedule(answer, 10, TimeUnit.SECONDS));
        HttpClient sender = new HttpClient();
        // As many connections as updates under way: the broker, not the bench, decides how long updates wait.
        sender.setMaxConnectionsPerDestination(4096);
        sender.start();
        List<String> created = new ArrayList<>();
        try {
            String healthy = "http://127.0.0.1:" + port(receiver) + "/notify";
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
                created.add(subscribe(everyChange("http://127.0.0.1:" + port(slow) + "/slow")));
                out.println("notify: plus a dead receiver and one answering after 10 s, subscribed to every change");
            }
            int total = warm + rate * (int) duration.toSeconds();
            out.printf("notify: %d updates/s, %d s warm-up, then %d s measured%n", rate, warmup.toSeconds(),
                    duration.toSeconds());
            AtomicLong failed = new AtomicLong();
            AtomicLong failedInWarmUp = new AtomicLong();
            // What the failed updates were answered (-1: no answer: a refused connection or the client's time-out).
            Map<Integer, AtomicLong> failures = new ConcurrentSkipListMap<>();
            CountDownLatch answered = new CountDownLatch(total);
            long start = System.nanoTime();
            long processorAtStart = processorTime();
            for (int k = 0; k < total; k++) {
                long due = start + k * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int value = k;
                long sent = System.nanoTime();
                sentAt.put(value, sent);
                update(sender, entity(value % subscriptions), value).send(result -> {
                    int status = result.isFailed() ? -1 : result.getResponse().getStatus();
                    if (status != 204) {
                        sentAt.remove(value); // a refused update is not waited for: "missing" counts accepted ones
                    }
                    if (value >= warm) {
                        synchronized (writes) {
                            writes.recordValue(System.nanoTime() - sent);
                        }
                    }
                    if (status != 204 && value < warm) {
                        failedInWarmUp.incrementAndGet();
                    } else if (status != 204) {
                        failed.incrementAndGet();
                        failures.computeIfAbsent(status, code -> new AtomicLong()).incrementAndGet();
                    }
                    answered.countDown();
                });
            }
            answered.await();
            long drainEnd = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!sentAt.isEmpty() && System.nanoTime() < drainEnd) {
                sleep(Duration.ofMillis(50));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double processorSeconds = (processorTime() - processorAtStart) / 1e9;
            out.println();
            out.printf(Locale.ROOT, "notify: %d updates sent (%d failed%s), %d notified, %d accepted but not notified after 10 s, %d duplicates;"
                            + " %d of the %d warm-up updates failed%n",
                    total - warm, failed.get(), failures.isEmpty() ? "" : ": " + failures.entrySet().stream()
                            .map(entry -> (entry.getKey() < 0 ? "no answer" : "HTTP " + entry.getKey()) + " ×" + entry.getValue())
                            .collect(java.util.stream.Collectors.joining(", ")),
                    latencies.getTotalCount(), sentAt.size(), duplicates.get(), failedInWarmUp.get(), warm);
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
            out.printf(Locale.ROOT, "notify: this bench process (sender and receivers) used %.1f s of processor time over those"
                    + " %.0f s, %.0f %% of one core: the broker had the rest of the machine%n", processorSeconds, seconds,
                    100 * processorSeconds / seconds);
        } finally {
            for (String id : created) {
                sendStatus("DELETE", "/subscriptions/" + id, null);
            }
            sender.stop();
            receiver.stop();
            slow.stop();
            later.shutdownNow();
        }
    }

    private org.eclipse.jetty.client.Request update(HttpClient sender, String entity, int value) {
        return sender.newRequest(base + "/entities/" + entity + "/attrs").method(HttpMethod.PATCH)
                .timeout(30, TimeUnit.SECONDS)
                .headers(headers -> scopeHeaders(headers::put))
                .body(new StringRequestContent("application/json", "{\"count\": {\"type\": \"Property\", \"value\": " + value + "}}"));
    }

    /** What a receiver does with a notification's body; it runs the answer (204) when it chooses. */
    private interface Receipt {
        void received(byte[] body, Runnable answer) throws IOException;
    }

    /** An HTTP endpoint on 127.0.0.1 that hands every request's body to {@code receipt}. */
    private static Server receiver(Receipt receipt) throws Exception {
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                ByteBuffer bytes = Content.Source.asByteBuffer(request);
                byte[] body = new byte[bytes.remaining()];
                bytes.get(body);
                response.setStatus(204);
                receipt.received(body, callback::succeeded);
                return true;
            }
        });
        server.start();
        return server;
    }

    private static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private static long processorTime() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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
        scopeHeaders(request::header);
        return request.build();
    }

    /** The tenant and the API key, as every request of the workload carries them. */
    private void scopeHeaders(java.util.function.BiConsumer<String, String> header) {
        if (!tenant.isEmpty()) {
            header.accept("NGSILD-Tenant", tenant);
        }
        if (apiKey != null) {
            header.accept("X-API-Key", apiKey);
        }
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
