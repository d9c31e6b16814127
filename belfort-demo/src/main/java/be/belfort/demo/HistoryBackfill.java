package be.belfort.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives the demo's sensors a simulated past so that charts have something to show on a first run: the values
 * of the days before now, every {@code step}, from the same daily and weekly profiles the live demo uses (the
 * Ghent car parks too, calibrated on their recording), written only through the public temporal API (one
 * request per entity and week). It runs once: when a Ghent car park already has history older than a day, there
 * is nothing to do. Progress goes to the log.
 */
public final class HistoryBackfill {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryBackfill.class);
    /** The entity whose old history says the backfill was done before. */
    static final String SENTINEL = "urn:ngsi-ld:OffStreetParking:gent-P1";
    private static final Duration CHUNK = Duration.ofDays(7);

    private final URI base;
    private final DemoRegion region;
    private final String apiKey;
    private final Duration days;
    private final Duration step;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param days   how far back the history goes
     * @param step   the time between two simulated observations
     * @param apiKey the key sent as X-API-Key, or null for a broker without access control
     */
    public HistoryBackfill(URI base, DemoRegion region, String apiKey, Duration days, Duration step) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.region = region;
        this.apiKey = apiKey;
        this.days = days;
        this.step = step;
    }

    /** What a run did: the values written, the requests refused. */
    public record Outcome(boolean skipped, long values, int failures) {
    }

    /** Runs in a background thread; the demo goes on meanwhile. */
    public Thread startInBackground(Instant now) {
        return Thread.ofVirtual().name("belfort-demo-history").start(() -> {
            try {
                run(now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    public Outcome run(Instant now) throws InterruptedException {
        if (alreadyDone(now)) {
            LOG.info("History backfill: the demo already has its past; nothing to do");
            return new Outcome(true, 0, 0);
        }
        Instant end = now.truncatedTo(ChronoUnit.MINUTES);
        Instant start = end.minus(days);
        long chunks = (Duration.between(start, end).toSeconds() + CHUNK.toSeconds() - 1) / CHUNK.toSeconds();
        LOG.info("History backfill: simulating {} days of history every {} minutes for the demo's sensors,"
                + " through the temporal API", days.toDays(), step.toMinutes());
        long values = 0;
        int failures = 0;
        int done = 0;
        for (Instant from = start; from.isBefore(end); from = from.plus(CHUNK)) {
            Instant to = min(from.plus(CHUNK), end);
            for (String tenant : DemoRegion.tenants()) {
                for (ObjectNode temporal : temporalEntities(tenant, from, to)) {
                    int sent = count(temporal);
                    if (post(tenant, temporal)) {
                        values += sent;
                    } else {
                        failures++;
                    }
                }
            }
            done++;
            LOG.info("History backfill: {}% ({} of {} weeks, {} values written)", done * 100 / chunks, done, chunks, values);
        }
        LOG.info("History backfill done: {} values, {} requests refused", values, failures);
        return new Outcome(false, values, failures);
    }

    /**
     * Each entity of the tenant with, per attribute that has an observation time, its simulated instances from
     * {@code from} (included) to {@code to} (excluded).
     */
    List<ObjectNode> temporalEntities(String tenant, Instant from, Instant to) {
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        for (Instant at = from; at.isBefore(to); at = at.plus(step)) {
            for (ObjectNode entity : region.simulatedEntities(tenant, at)) {
                ObjectNode temporal = byId.computeIfAbsent(entity.get("id").asText(), id -> Demo.JSON.createObjectNode()
                        .put("id", id).put("type", entity.get("type").asText()));
                entity.properties().forEach(member -> {
                    JsonNode value = member.getValue();
                    if (value.isObject() && value.has("observedAt")) {
                        ArrayNode instances = temporal.has(member.getKey()) ? (ArrayNode) temporal.get(member.getKey())
                                : temporal.putArray(member.getKey());
                        instances.add(value);
                    }
                });
            }
        }
        return new ArrayList<>(byId.values());
    }

    private boolean alreadyDone(Instant now) throws InterruptedException {
        String query = "/ngsi-ld/v1/temporal/entities/" + URLEncoder.encode(SENTINEL, StandardCharsets.UTF_8)
                + "?attrs=availableSpotNumber&timerel=before&timeAt=" + now.minus(Duration.ofDays(1)) + "&lastN=1";
        HttpRequest request = withKey(HttpRequest.newBuilder(URI.create(base + query))).header("NGSILD-Tenant", "gent")
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return false;
            }
            JsonNode instances = Demo.JSON.readTree(response.body()).path("availableSpotNumber");
            return instances.isArray() ? !instances.isEmpty() : instances.isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private boolean post(String tenant, ObjectNode temporal) throws InterruptedException {
        HttpRequest request = withKey(HttpRequest.newBuilder(URI.create(base + "/ngsi-ld/v1/temporal/entities")))
                .header("Content-Type", "application/json").header("NGSILD-Tenant", tenant)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(temporal.toString())).build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 201 || status == 204) {
                return true;
            }
            LOG.warn("History backfill: {} in {} answered HTTP {}", temporal.get("id").asText(), tenant, status);
        } catch (IOException e) {
            LOG.warn("History backfill: {} in {} failed: {}", temporal.get("id").asText(), tenant, e.getMessage());
        }
        return false;
    }

    private static int count(ObjectNode temporal) {
        int values = 0;
        for (JsonNode member : temporal) {
            values += member.isArray() ? member.size() : 0;
        }
        return values;
    }

    private HttpRequest.Builder withKey(HttpRequest.Builder request) {
        return apiKey == null ? request : request.header("X-API-Key", apiKey);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
