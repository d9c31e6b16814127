package be.belfort.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * The standard workloads: batch upsert, create, partial attribute update, retrieve by id, and queries:
 * type with q, a 2 km near geo-query, a count over the whole type and deep paging.
 */
public final class Workloads {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String CORE_CONTEXT = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";
    public static final List<String> NAMES = List.of("upsert", "create", "update", "update-link", "retrieve", "query-q", "query-near",
            "query-count", "query-deep", "temporal-lastn", "temporal-aggr", "temporal-aggr-100", "ldes-page", "ldes-open", "iot-json");
    /** When the recorded history begins: observations are {@link #withHistoryStep a step} apart from here. */
    public static final Instant HISTORY_START = Instant.parse("2025-01-01T00:00:00Z");
    /** How far apart recorded observations are unless told otherwise. */
    private static final Duration HISTORY_STEP = Duration.ofMinutes(5);
    private static final String HOURLY = "&options=aggregatedValues&aggrMethods=avg,min,max&aggrPeriodDuration=PT1H";

    private final String base;
    private final String root;
    private final String tenant;
    private final ParkingPayloads payloads;
    private final ParkingPayloads fresh;
    private final int entities;
    private final int batchSize;

    private String apiKey;
    private String bearerToken;
    private boolean gzip;
    private Duration historyStep = HISTORY_STEP;

    /** Sends this key as X-API-Key with every request (a broker that checks access). */
    public Workloads withApiKey(String key) {
        this.apiKey = key == null || key.isBlank() ? null : key;
        return this;
    }

    /** Sends this OpenID Connect access token as Authorization: Bearer with every request. */
    public Workloads withBearerToken(String token) {
        this.bearerToken = token == null || token.isBlank() ? null : token;
        return this;
    }

    /**
     * Asks for gzip in every read, as browsers and most HTTP libraries do; the bench reads the compressed bytes without
     * inflating them (as wrk does), so that it measures the broker's work and not its own.
     */
    public Workloads withGzip(boolean gzip) {
        this.gzip = gzip;
        return this;
    }

    /**
     * Records observations this far apart (5 minutes by default): a year of hourly periods takes 100,000 observations
     * 5 minutes apart, or 8,760 an hour apart.
     */
    public Workloads withHistoryStep(Duration step) {
        this.historyStep = step;
        return this;
    }

    public Workloads(String brokerUrl, String tenant, long seed, int entities, int batchSize) {
        this.root = brokerUrl.replaceAll("/+$", "");
        this.base = root + "/ngsi-ld/v1";
        this.tenant = tenant;
        this.payloads = new ParkingPayloads(seed, "bench-");
        this.fresh = new ParkingPayloads(seed, "bench-new-" + Long.toString(System.nanoTime(), 36) + "-");
        this.entities = entities;
        this.batchSize = batchSize;
    }

    public List<Workload> byNames(List<String> names) {
        return names.stream().map(this::byName).toList();
    }

    public Workload byName(String name) {
        return switch (name.trim()) {
            case "upsert" -> upsert();
            case "create" -> create();
            case "update" -> update(false);
            case "update-link" -> update(true);
            case "retrieve" -> retrieve();
            case "query-q" -> queryQ();
            case "query-near" -> queryNear();
            case "query-count" -> queryCount();
            case "query-deep" -> queryDeep();
            case "temporal-lastn" -> temporalLastN();
            case "temporal-aggr" -> temporalAggregate();
            case "temporal-aggr-100" -> temporalAggregateHundred();
            case "ldes-page" -> eventStreamPage();
            case "ldes-open" -> openEventStreamPage();
            case "iot-json" -> iotJson();
            default -> throw new IllegalArgumentException("Unknown workload '" + name
                    + "'; known are " + String.join(", ", NAMES));
        };
    }

    /** The request that loads batch number {@code index} of the entity set, for the setup phase. */
    public HttpRequest setupBatch(int index) {
        int first = index * batchSize;
        int size = Math.min(batchSize, entities - first);
        return post("/entityOperations/upsert", payloads.batch(first, size, Instant.now()));
    }

    public int setupBatches() {
        return (entities + batchSize - 1) / batchSize;
    }

    public HttpRequest probe() {
        return builder("/entities/" + payloads.id(0)).GET().header("Accept", "application/json").build();
    }

    Workload upsert() {
        int batches = setupBatches();
        return workload("upsert", Set.of(201, 204), batchSize, (worker, sequence) -> {
            int index = (int) ((sequence * 7919 + worker) % batches);
            return setupBatch(index);
        });
    }

    Workload create() {
        return workload("create", Set.of(201), 1, (worker, sequence) ->
                post("/entities", fresh.entity(sequence * 1024 + worker, Instant.now()).toString()));
    }

    /** @param link whether the update names the core context in a Link header, as many clients do */
    Workload update(boolean link) {
        return workload(link ? "update-link" : "update", Set.of(204), 1, (worker, sequence) -> {
            SplittableRandom random = new SplittableRandom(sequence * 31 + worker);
            return spotsUpdate(random.nextInt(entities), random.nextInt(500), link);
        });
    }

    /** A car park's free spots, observed now: the partial update a live sensor sends. */
    public HttpRequest spotsUpdate(int entity, int spots, boolean link) {
        String path = "/entities/" + payloads.id(entity) + "/attrs/availableSpotNumber";
        HttpRequest.Builder request = builder(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(ParkingPayloads.spotsUpdate(spots, Instant.now())));
        if (link) {
            request.header("Link", "<" + CORE_CONTEXT + ">; rel=\"http://www.w3.org/ns/json-ld#context\";"
                    + " type=\"application/ld+json\"");
        }
        return request.build();
    }

    /** The size of the entity set. */
    public int entities() {
        return entities;
    }

    Workload retrieve() {
        return workload("retrieve", Set.of(200), 1, (worker, sequence) -> {
            SplittableRandom random = new SplittableRandom(sequence * 17 + worker);
            return get("/entities/" + payloads.id(random.nextInt(entities)));
        });
    }

    /** type=OffStreetParking with q on the free spots; about half the entities match, so 20 come back. */
    Workload queryQ() {
        return workload("query-q", Set.of(200), 1, (worker, sequence) -> {
            SplittableRandom random = new SplittableRandom(sequence * 13 + worker);
            return get("/entities?type=OffStreetParking&limit=20&q=" + encode("availableSpotNumber>" + random.nextInt(300)));
        });
    }

    /** Parkings within 2 km of a random point of Flanders (up to 20). */
    Workload queryNear() {
        return workload("query-near", Set.of(200), 1, (worker, sequence) -> {
            SplittableRandom random = new SplittableRandom(sequence * 11 + worker);
            double longitude = ParkingPayloads.MIN_LON + random.nextDouble() * (ParkingPayloads.MAX_LON - ParkingPayloads.MIN_LON);
            double latitude = ParkingPayloads.MIN_LAT + random.nextDouble() * (ParkingPayloads.MAX_LAT - ParkingPayloads.MIN_LAT);
            return get("/entities?type=OffStreetParking&limit=20&georel=" + encode("near;maxDistance==2000")
                    + "&geometry=Point&coordinates=" + encode(String.format(java.util.Locale.ROOT, "[%.5f,%.5f]",
                    longitude, latitude)));
        });
    }

    /** The number of all parkings, without the entities. */
    Workload queryCount() {
        return workload("query-count", Set.of(200), 1, (worker, sequence) ->
                get("/entities?type=OffStreetParking&count=true&limit=0"));
    }

    /** A page of 20 at a random offset anywhere in the type. */
    Workload queryDeep() {
        return workload("query-deep", Set.of(200), 1, (worker, sequence) -> {
            SplittableRandom random = new SplittableRandom(sequence * 7 + worker);
            return get("/entities?type=OffStreetParking&limit=20&offset=" + random.nextInt(Math.max(1, entities - 20)));
        });
    }

    /** The request that records observation {@code round} of the entities in batch {@code index}. */
    public HttpRequest historyBatch(int round, int index) {
        int first = index * batchSize;
        int size = Math.min(batchSize, entities - first);
        return post("/entityOperations/update",
                payloads.spotsBatch(first, size, round, HISTORY_START.plus(historyStep.multipliedBy(round))));
    }

    /**
     * The request that appends observations {@code first} to {@code first + count - 1} of car park {@code entity}
     * straight to its history (temporal API), on the same timeline as {@link #historyBatch}.
     */
    public HttpRequest historyAppend(int entity, int first, int count) {
        StringBuilder body = new StringBuilder("{\"availableSpotNumber\": [");
        for (int n = first; n < first + count; n++) {
            body.append(n == first ? "" : ",").append("{\"type\": \"Property\", \"value\": ").append((n * 7 + entity) % 500)
                    .append(", \"observedAt\": \"").append(HISTORY_START.plus(historyStep.multipliedBy(n))).append("\"}");
        }
        return post("/temporal/entities/" + encode(payloads.id(entity)) + "/attrs", body.append("]}").toString());
    }

    /** The last 10 observations of one car park. */
    Workload temporalLastN() {
        return workload("temporal-lastn", Set.of(200), 1, (worker, sequence) -> {
            SplittableRandom random = new SplittableRandom(sequence * 5 + worker);
            return get("/temporal/entities/" + payloads.id(random.nextInt(entities)) + "?attrs=availableSpotNumber&lastN=10");
        });
    }

    /** Hourly avg, min and max of one car park over its whole history. */
    Workload temporalAggregate() {
        return workload("temporal-aggr", Set.of(200), 1, (worker, sequence) -> {
            SplittableRandom random = new SplittableRandom(sequence * 3 + worker);
            return get("/temporal/entities/" + payloads.id(random.nextInt(entities)) + "?attrs=availableSpotNumber" + HOURLY);
        });
    }

    /**
     * Hourly avg, min and max of 100 car parks over their whole history, in one request: its first page, which is the
     * whole answer (200) or, for a history longer than the broker's answer budget, a page of it (206 with a
     * Content-Range, NGSI-LD clause 6.3.10).
     */
    Workload temporalAggregateHundred() {
        return workload("temporal-aggr-100", Set.of(200, 206), 100, (worker, sequence) -> {
            SplittableRandom random = new SplittableRandom(sequence * 19 + worker);
            int offset = random.nextInt(Math.max(1, entities / 100)) * 100;
            return get("/temporal/entities?type=OffStreetParking&attrs=availableSpotNumber&limit=100&offset=" + offset
                    + HOURLY);
        });
    }

    /** The first (closed, immutable) page of the car parks' event stream, as Turtle (Belfort's open-data path). */
    Workload eventStreamPage() {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(streamUrl() + "/pages/0")).timeout(TIMEOUT)
                .header("Accept", "text/turtle");
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        HttpRequest page = request.GET().build();
        return workload("ldes-page", Set.of(200), 250, (worker, sequence) -> page);
    }

    /**
     * The open page of the car parks' event stream, as Turtle: the page an LDES client polls for new members. Which page
     * is open is found once, before the first request (the last page that exists); a page that closes during the run
     * is then read as a closed one, so run this without writes to the car parks.
     */
    Workload openEventStreamPage() {
        Supplier<HttpRequest> open = new Supplier<>() {
            private HttpRequest found;

            @Override
            public synchronized HttpRequest get() {
                if (found == null) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(streamUrl() + "/pages/" + lastPage()))
                            .timeout(TIMEOUT).header("Accept", "text/turtle");
                    if (gzip) {
                        request.header("Accept-Encoding", "gzip");
                    }
                    found = request.GET().build();
                }
                return found;
            }
        };
        return workload("ldes-open", Set.of(200), 1, (worker, sequence) -> open.get());
    }

    /** The number of the stream's last page (the open one): pages up to it exist (200, or 410 once retention removed them), none after. */
    private int lastPage() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            IntPredicate exists = number -> {
                try {
                    int status = client.send(HttpRequest.newBuilder(URI.create(streamUrl() + "/pages/" + number))
                                    .timeout(TIMEOUT).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status != 200 && status != 404 && status != 410) {
                        throw new IllegalStateException("Page " + number + " of " + streamUrl() + " answered " + status);
                    }
                    return status != 404;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            };
            if (!exists.test(0)) {
                throw new IllegalStateException("The event stream " + streamUrl() + " has no page: is the dataset open?");
            }
            int low = 0;
            int high = 1;
            while (exists.test(high)) {
                low = high;
                high *= 2;
            }
            while (high - low > 1) {
                int middle = (low + high) >>> 1;
                if (exists.test(middle)) {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            return low;
        }
    }

    /** The event stream of the car parks in the bench tenant. */
    public String streamUrl() {
        return root + "/datasets/" + (tenant == null || tenant.isBlank() ? "-" : tenant) + "/OffStreetParking/ldes";
    }

    /** The admin request that opens the car parks as a dataset (Belfort's admin API). */
    public HttpRequest openDataset() {
        String body = """
                {"accessLevel": "open", "title": {"nl": "Parkeergarages (bench)", "en": "Car parks (bench)"},
                 "description": {"nl": "Gegevens van de benchmark.", "en": "Benchmark data."},
                 "publisher": {"id": "https://example.org/bench", "name": "Bench"},
                 "contactPoint": "mailto:bench@example.org", "license": "cc0"}""";
        return withKey(HttpRequest.newBuilder(URI.create(root + "/admin/datasets/" + (tenant == null || tenant.isBlank() ? "-" : tenant)
                        + "/OffStreetParking")).timeout(TIMEOUT).header("Content-Type", "application/json"))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Whether a workload reads or changes the entity set that the setup phase loads. */
    public static boolean needsSetup(Workload workload) {
        return !workload.name().equals("upsert") && !workload.name().equals("create") && !workload.name().equals("iot-json");
    }

    private HttpRequest get(String pathAndQuery) {
        HttpRequest.Builder request = builder(pathAndQuery).header("Accept", "application/json");
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return request.GET().build();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private HttpRequest post(String path, String body) {
        return builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The device group key of the {@code iot-json} workload's devices. */
    static final String IOT_KEY = "belfort-bench-iot-key";
    /** Measurements in each message of the {@code iot-json} workload. */
    static final int IOT_MEASURES = 2;

    /**
     * Provisioning of the {@code iot-json} workload (Belfort's IoT Agent API): its device group, then devices
     * {@code first} to {@code first + count - 1}; a group or device already there answers 409, which is fine.
     */
    public List<HttpRequest> iotSetup(int first, int count) {
        StringBuilder devices = new StringBuilder("{\"devices\": [");
        for (int i = first; i < first + count; i++) {
            devices.append(i == first ? "" : ",").append("{\"device_id\": \"bench-dev-").append(i).append("\"}");
        }
        devices.append("]}");
        String group = "{\"services\": [{\"apikey\": \"" + IOT_KEY + "\", \"resource\": \"/iot/json\","
                + " \"entity_type\": \"AirQualityObserved\", \"attributes\": ["
                + "{\"object_id\": \"t\", \"name\": \"temperature\", \"type\": \"Number\", \"unitCode\": \"CEL\"},"
                + "{\"object_id\": \"n\", \"name\": \"no2\", \"type\": \"Number\"}]}]}";
        return List.of(rootPost("/iot/services", group), rootPost("/iot/devices", devices.toString()));
    }

    /** A device sends two measurements to the IoT Agent JSON endpoint; the answer comes after the commit. */
    Workload iotJson() {
        return workload("iot-json", Set.of(200), IOT_MEASURES, (worker, sequence) -> {
            SplittableRandom random = new SplittableRandom(sequence * 31 + worker);
            String body = "{\"t\": " + (random.nextInt(400) / 10.0) + ", \"n\": " + random.nextInt(200) + "}";
            return withKey(HttpRequest.newBuilder(URI.create(root + "/iot/json?k=" + IOT_KEY + "&i=bench-dev-"
                    + random.nextInt(entities))).timeout(TIMEOUT)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        });
    }

    /** A page of the bench devices with their status (measurements accepted), 1000 at a time. */
    public HttpRequest iotDevicesPage(int offset) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(root + "/iot/devices?limit=1000&offset=" + offset))
                .timeout(TIMEOUT).header("Accept", "application/json");
        if (tenant != null && !tenant.isBlank()) {
            builder.header("NGSILD-Tenant", tenant);
        }
        return withKey(builder).GET().build();
    }

    /** The temperature of the entity bench device {@code index} feeds. */
    public HttpRequest iotTemperature(int index) {
        return get("/entities/urn:ngsi-ld:AirQualityObserved:bench-dev-" + index + "?attrs=temperature&options=keyValues");
    }

    private HttpRequest rootPost(String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(root + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json");
        if (tenant != null && !tenant.isBlank()) {
            builder.header("NGSILD-Tenant", tenant);
        }
        return withKey(builder).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
        if (tenant != null && !tenant.isBlank()) {
            builder.header("NGSILD-Tenant", tenant);
        }
        return withKey(builder);
    }

    private HttpRequest.Builder withKey(HttpRequest.Builder builder) {
        if (bearerToken != null) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        return apiKey == null ? builder : builder.header("X-API-Key", apiKey);
    }

    private interface RequestMaker {
        HttpRequest make(int worker, long sequence);
    }

    private static Workload workload(String name, Set<Integer> expected, int perRequest, RequestMaker maker) {
        return new Workload() {
            public String name() {
                return name;
            }

            public HttpRequest next(int worker, long sequence) {
                return maker.make(worker, sequence);
            }

            public Set<Integer> expectedStatuses() {
                return expected;
            }

            public int entitiesPerRequest() {
                return perRequest;
            }
        };
    }
}
