package be.belfort.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dashboard's live fan-out (Belfort only): {@code viewers} browsers watching a city page over server-sent
 * events while one car park changes {@code rate} times a second; the latency from sending a change to each
 * viewer receiving it (an upper bound of the latency from its commit).
 */
final class LiveViewersBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAR_PARK = "urn:ngsi-ld:OffStreetParking:bench-live";

    private final DashboardTarget target;
    private final PrintStream out;

    LiveViewersBench(DashboardTarget target, PrintStream out) {
        this.target = target;
        this.out = out;
    }

    void run(int viewers, int rate, Duration duration) throws Exception {
        target.openDataset();
        write("POST", "/ngsi-ld/v1/entityOperations/upsert", "[{\"id\": \"" + CAR_PARK + "\", \"type\": \"OffStreetParking\","
                + " \"availableSpotNumber\": {\"type\": \"Property\", \"value\": 0},"
                + " \"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\", \"coordinates\": [3.72, 51.05]}}}]");
        ConcurrentHashMap<Integer, Long> sentAt = new ConcurrentHashMap<>();
        Histogram latencies = new Histogram(60_000_000_000L, 3);
        AtomicLong received = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(viewers);
        List<InputStream> streams = new ArrayList<>();
        out.printf("live: %d viewers of /dashboard/cities/%s/live%n", viewers, target.tenant());
        for (int i = 0; i < viewers; i++) {
            HttpRequest watch = HttpRequest.newBuilder(URI.create(target.url() + "/dashboard/cities/" + target.tenant() + "/live"))
                    .header("Accept", "text/event-stream").header("Accept-Language", "en").GET().build();
            InputStream stream = target.client().send(watch, HttpResponse.BodyHandlers.ofInputStream()).body();
            synchronized (streams) {
                streams.add(stream);
            }
            Thread.ofVirtual().start(() -> listen(stream, ready, sentAt, latencies, received));
        }
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Only " + (viewers - ready.getCount()) + " of " + viewers + " viewers connected");
        }
        long changes = rate * duration.toSeconds();
        out.printf("live: %d changes/s for %d s%n", rate, duration.toSeconds());
        long start = System.nanoTime();
        for (int k = 1; k <= changes; k++) {
            long due = start + (k - 1) * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            sentAt.put(k, System.nanoTime());
            write("PATCH", "/ngsi-ld/v1/entities/" + CAR_PARK + "/attrs/availableSpotNumber",
                    "{\"type\": \"Property\", \"value\": " + k + "}");
        }
        Thread.sleep(2000);
        streams.forEach(stream -> {
            try {
                stream.close();
            } catch (java.io.IOException ignored) {
                // the viewer is gone either way
            }
        });
        long expected = changes * viewers;
        synchronized (latencies) {
            out.printf(Locale.ROOT, "live: %d of %d changes received (%.1f %%); send-to-viewer latency p50 %.1f ms,"
                            + " p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", received.get(), expected,
                    100.0 * received.get() / Math.max(1, expected), latencies.getValueAtPercentile(50) / 1e6,
                    latencies.getValueAtPercentile(95) / 1e6, latencies.getValueAtPercentile(99) / 1e6,
                    latencies.getMaxValue() / 1e6);
        }
    }

    private static void listen(InputStream stream, CountDownLatch ready, ConcurrentHashMap<Integer, Long> sentAt,
                               Histogram latencies, AtomicLong received) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String event = "";
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && event.equals("ready")) {
                    ready.countDown();
                } else if (line.startsWith("data:") && event.equals("change")) {
                    long now = System.nanoTime();
                    JsonNode change = JSON.readTree(line.substring(5));
                    String digits = change.path("value").asText("").replaceAll("[^0-9]", "");
                    Long sent = digits.isEmpty() ? null : sentAt.get(Integer.parseInt(digits));
                    if (sent != null) {
                        received.incrementAndGet();
                        synchronized (latencies) {
                            latencies.recordValue(Math.max(0, now - sent));
                        }
                    }
                }
            }
        } catch (java.io.IOException closed) {
            // the bench closed the stream, or the server went away
        }
    }

    private void write(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        int status = target.client().send(target.signed(request), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + status);
        }
    }
}
