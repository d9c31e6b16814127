package be.belfort.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the demo region alive on any NGSI-LD broker, only through its public API: creates the public
 * buildings once (a city may edit them afterwards), then every interval upserts the live entities of
 * each tenant in one batch; one city's air quality arrives as LoRaWAN uplinks through Belfort's The Things
 * Stack webhook instead ({@link LoRaWanAirQuality}). When the broker is away or answers errors it logs once per failure and
 * backs off exponentially up to 30 s; its request rate never exceeds the configured bound.
 */
public final class DemoFeeder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoFeeder.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Set<Integer> BATCH_OK = Set.of(201, 204, 207);

    private final URI operations;
    private final DemoSettings settings;
    private final DemoRegion region;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Map<String, Integer>> written = new ConcurrentHashMap<>();
    private final Set<String> tenantsWithBuildings = ConcurrentHashMap.newKeySet();
    private final Set<String> tenantsWithDatasets = ConcurrentHashMap.newKeySet();
    private final URI admin;
    private final URI root;
    /** Whether the LoRaWAN city's air quality goes through Belfort's ingestion (until a broker shows it has none). */
    private volatile boolean lorawan = true;
    private volatile boolean lorawanProvisioned;
    private final String apiKey;
    /** The city's car parks as a DATEX II feed the platform polls, or null: they are upserted then. */
    private volatile DemoDatex2Feed datex2;
    private volatile boolean datex2Provisioned;
    private final Map<String, String> lastSent = new ConcurrentHashMap<>();
    private volatile Thread loop;
    private volatile long rounds;
    private volatile long failedRequests;
    private volatile String lastError;
    private long lastRequestNanos;

    public DemoFeeder(URI brokerBase, DemoSettings settings) {
        this(brokerBase, settings, null);
    }

    /** @param apiKey the key sent as X-API-Key with every request, or null for a broker without access control */
    public DemoFeeder(URI brokerBase, DemoSettings settings, String apiKey) {
        this.apiKey = apiKey;
        this.operations = URI.create(brokerBase.toString().replaceAll("/+$", "") + "/ngsi-ld/v1/entityOperations/");
        this.admin = URI.create(brokerBase.toString().replaceAll("/+$", "") + "/admin/datasets/");
        this.root = URI.create(brokerBase.toString().replaceAll("/+$", "") + "/");
        this.settings = settings;
        this.region = new DemoRegion(settings.seed());
    }

    /**
     * Lets one city's car parks arrive through Belfort's DATEX II ingestion: the feeder provisions the feed as a
     * device instead of upserting them. A broker without Belfort's ingestion gets them as upserts still.
     */
    public DemoFeeder withDatex2Feed(DemoDatex2Feed feed) {
        this.datex2 = feed;
        return this;
    }

    public DemoFeeder start() {
        loop = Thread.ofVirtual().name("belfort-demo-feeder").start(this::run);
        return this;
    }

    public DemoStatus status() {
        Map<String, Map<String, Integer>> copy = new TreeMap<>();
        written.forEach((tenant, types) -> copy.put(tenant, new TreeMap<>(types)));
        return new DemoStatus(copy, rounds, failedRequests, lastError);
    }

    @Override
    public void close() {
        Thread running = loop;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Duration backoff = settings.interval();
        while (!Thread.currentThread().isInterrupted()) {
            boolean healthy = round();
            backoff = healthy ? settings.interval() : min(backoff.multipliedBy(2), MAX_BACKOFF);
            try {
                Thread.sleep(healthy ? settings.interval() : backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round over every tenant; false when any request failed. */
    boolean round() {
        boolean healthy = true;
        Instant now = settings.clock().instant();
        try {
            for (String tenant : DemoRegion.tenants()) {
                if (!tenantsWithDatasets.contains(tenant)) {
                    if (declareDatasets(tenant)) {
                        tenantsWithDatasets.add(tenant);
                    } else {
                        healthy = false;
                    }
                }
                if (!tenantsWithBuildings.contains(tenant)) {
                    if (send("create", tenant, region.buildings(tenant))) {
                        tenantsWithBuildings.add(tenant);
                    } else {
                        healthy = false;
                    }
                }
                List<ObjectNode> changed = changedSinceLastSent(tenant, region.liveEntities(tenant, now));
                List<ObjectNode> uplinks = lorawan ? changed.stream().filter(e -> LoRaWanAirQuality.feeds(tenant, e)).toList()
                        : List.of();
                List<ObjectNode> polled = datex2 != null ? changed.stream().filter(e -> DemoDatex2Feed.feeds(tenant, e)).toList()
                        : List.of();
                healthy &= send("upsert", tenant, changed.stream().filter(e -> !uplinks.contains(e) && !polled.contains(e))
                        .toList());
                healthy &= provisionDatex2(tenant, polled);
                healthy &= sendUplinks(tenant, uplinks);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        rounds++;
        return healthy;
    }

    /**
     * Declares the tenant's datasets through Belfort's admin API. Another broker has no such API: its
     * 404 ends the attempts, and the demo goes on without open-data metadata.
     */
    private boolean declareDatasets(String tenant) throws InterruptedException {
        for (Map.Entry<String, ObjectNode> dataset : DemoDatasets.of(tenant).entrySet()) {
            HttpRequest request = withKey(HttpRequest.newBuilder(admin.resolve(tenant + "/" + dataset.getKey()))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json"))
                    .PUT(HttpRequest.BodyPublishers.ofString(dataset.getValue().toString())).build();
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 404 || status == 405) {
                    LOG.info("Demo feeder: the broker has no dataset admin API; open-data metadata left out");
                    return true;
                }
                if (status != 200 && status != 201) {
                    fail("datasets for " + tenant + " answered HTTP " + status);
                    return false;
                }
            } catch (java.io.IOException e) {
                fail("datasets for " + tenant + ": " + e.getMessage());
                return false;
            }
        }
        return true;
    }

    private boolean send(String operation, String tenant, List<ObjectNode> entities) throws InterruptedException {
        if (entities.isEmpty()) {
            return true;
        }
        ArrayNode batch = Demo.JSON.createArrayNode();
        entities.forEach(batch::add);
        HttpRequest request = withKey(HttpRequest.newBuilder(operations.resolve(operation)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("NGSILD-Tenant", tenant)
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString()))
                .build();
        pace();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            // A 207 from "create" means the buildings exist already: the city's edits are kept.
            if (BATCH_OK.contains(response.statusCode())) {
                count(tenant, entities);
                entities.forEach(e -> lastSent.put(tenant + " " + e.get("id").asText(), e.toString()));
                return true;
            }
            fail(operation + " for " + tenant + " answered HTTP " + response.statusCode());
        } catch (java.io.IOException e) {
            fail(operation + " for " + tenant + " failed: " + e.getClass().getSimpleName());
        }
        return false;
    }

    /**
     * The LoRaWAN city's air quality as The Things Stack uplinks to Belfort's webhook, its devices provisioned
     * first. A broker without Belfort's ingestion (404 on provisioning) gets these entities as upserts instead.
     */
    private boolean sendUplinks(String tenant, List<ObjectNode> entities) throws InterruptedException {
        if (entities.isEmpty()) {
            return true;
        }
        if (!lorawanProvisioned) {
            for (String[] provisioning : new String[][] {{"iot/services", LoRaWanAirQuality.group()},
                    {"iot/devices", LoRaWanAirQuality.devices()}}) {
                int status = post(root.resolve(provisioning[0]), tenant, provisioning[1]);
                if (status == 404 || status == 405) {
                    LOG.info("Demo feeder: the broker has no IoT Agent API; {}'s air quality goes through NGSI-LD", tenant);
                    lorawan = false;
                    return send("upsert", tenant, entities);
                }
                if (status != 201 && status != 409) {
                    fail("provisioning " + provisioning[0] + " for " + tenant + " answered HTTP " + status);
                    return false;
                }
            }
            lorawanProvisioned = true;
        }
        for (ObjectNode entity : entities) {
            int status = post(root.resolve("ingest/lorawan/ttn?k=" + LoRaWanAirQuality.KEY), tenant,
                    LoRaWanAirQuality.uplink(entity));
            if (status / 100 != 2) {
                fail("a LoRaWAN uplink for " + tenant + " answered HTTP " + status);
                return false;
            }
            count(tenant, List.of(entity));
            lastSent.put(tenant + " " + entity.get("id").asText(), entity.toString());
        }
        return true;
    }

    /**
     * Provisions the city's DATEX II feed once; the platform polls it from then on, so its car parks are not sent.
     * A feed provisioned by an earlier run (served on another port) is pointed at this one.
     */
    private boolean provisionDatex2(String tenant, List<ObjectNode> entities) throws InterruptedException {
        DemoDatex2Feed feed = datex2;
        if (entities.isEmpty() || feed == null) {
            return true;
        }
        if (!datex2Provisioned) {
            ObjectNode provisioning = Demo.JSON.createObjectNode();
            provisioning.putArray("devices").add(feed.device());
            int status = post(root.resolve("iot/devices"), tenant, provisioning.toString());
            if (status == 409) {
                status = send("PUT", root.resolve("iot/devices/" + DemoDatex2Feed.DEVICE), tenant, feed.device().toString());
            }
            if (status == 404 || status == 405) {
                LOG.info("Demo feeder: the broker has no IoT Agent API; {}'s car parks go through NGSI-LD", tenant);
                datex2 = null;
                return send("upsert", tenant, entities);
            }
            if (status / 100 != 2) {
                fail("provisioning the DATEX II feed of " + tenant + " answered HTTP " + status);
                return false;
            }
            datex2Provisioned = true;
            LOG.info("Demo feeder: {}'s car parks arrive as the DATEX II feed {} (simulated), polled by the platform",
                    tenant, feed.statusUrl());
        }
        count(tenant, entities);
        entities.forEach(e -> lastSent.put(tenant + " " + e.get("id").asText(), e.toString()));
        return true;
    }

    /** A POST of JSON; its status, or -1 when the broker could not be reached. */
    private int post(URI uri, String tenant, String body) throws InterruptedException {
        return send("POST", uri, tenant, body);
    }

    /** A request with a JSON body; its status, or -1 when the broker could not be reached. */
    private int send(String method, URI uri, String tenant, String body) throws InterruptedException {
        pace();
        HttpRequest request = withKey(HttpRequest.newBuilder(uri)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("fiware-service", tenant)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            fail("a request for " + tenant + " failed: " + e.getClass().getSimpleName());
            return -1;
        }
    }

    /**
     * Only what changed is sent: a replayed observation holds for about 30 s while rounds come every
     * few seconds, and sending it again would record the same observation twice in the history.
     */
    private List<ObjectNode> changedSinceLastSent(String tenant, List<ObjectNode> entities) {
        return entities.stream()
                .filter(e -> !e.toString().equals(lastSent.get(tenant + " " + e.get("id").asText())))
                .toList();
    }

    /** Keeps requests at most maxRequestsPerSecond apart. */
    private synchronized void pace() throws InterruptedException {
        long gap = 1_000_000_000L / settings.maxRequestsPerSecond();
        long wait = lastRequestNanos + gap - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
        lastRequestNanos = System.nanoTime();
    }

    private void count(String tenant, List<ObjectNode> entities) {
        Map<String, java.util.Set<String>> idsByType = new HashMap<>();
        entities.forEach(e -> idsByType.computeIfAbsent(e.get("type").asText(), t -> new java.util.HashSet<>())
                .add(e.get("id").asText()));
        Map<String, Integer> types = written.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
        idsByType.forEach((type, ids) -> types.merge(type, ids.size(), Math::max));
    }

    private void fail(String message) {
        failedRequests++;
        if (!message.equals(lastError)) {
            LOG.warn("Demo feeder: {}; backing off", message);
        }
        lastError = message;
    }

    private HttpRequest.Builder withKey(HttpRequest.Builder request) {
        return apiKey == null ? request : request.header("X-API-Key", apiKey);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
