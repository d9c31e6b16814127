package be.belfort.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code belfort bench}: load any NGSI-LD broker over HTTP and print what it sustains. */
@Command(name = "belfort bench", mixinStandardHelpOptions = true,
        description = "Drives an NGSI-LD broker over HTTP and prints req/s and latency percentiles per workload.")
public final class BenchMain implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Broker base URL (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--connections", defaultValue = "16", description = "Concurrent connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--duration", defaultValue = "20s", description = "Measured time per workload (default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", defaultValue = "5s", description = "Uncounted warm-up per workload (default ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--workloads", defaultValue = "upsert,create,update,retrieve", split = ",",
            description = "Workloads in order: upsert, create, update, update-link (the same with a Link header to the core context), retrieve, query-q, query-near, query-count,"
                    + " query-deep, temporal-lastn, temporal-aggr, temporal-aggr-100, ldes-page, ldes-open (the event stream's open page, as an LDES client polls it), iot-json (Belfort's IoT Agent JSON"
                    + " endpoint: 2 measurements per message; entities/s is measurements/s), iot-mqtt (the same over MQTT, last,"
                    + " with --mqtt-url) (default ${DEFAULT-VALUE}).")
    List<String> workloads;

    @Option(names = "--tenant", defaultValue = "bench", description = "NGSILD-Tenant header; empty for none (default ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--batch-size", defaultValue = "100", description = "Entities per batch upsert (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--entities", defaultValue = "10000", description = "Size of the entity set (default ${DEFAULT-VALUE}).")
    int entities;

    @Option(names = "--history", defaultValue = "0",
            description = "Observations to record per entity before the workloads, --history-step apart, through batch"
                    + " updates on all connections; the ingest rate is printed (default ${DEFAULT-VALUE}).")
    int history;

    @Option(names = "--history-depth", defaultValue = "0",
            description = "Observations to append per entity straight to its history (temporal API, 1,000 per request,"
                    + " on all connections), --history-step apart like --history: a deep history for the temporal"
                    + " workloads (100000 is about a year at 5m, 8760 at 1h); the rate is printed (default ${DEFAULT-VALUE}).")
    int historyDepth;

    @Option(names = "--history-step", defaultValue = "5m",
            description = "How far apart the observations of --history and --history-depth are, as 5m, 1h (default ${DEFAULT-VALUE}).")
    String historyStep;

    @Option(names = "--skip-setup", description = "Do not load the entity set first (it is there from an earlier run).")
    boolean skipSetup;

    @Option(names = "--notify", description = "Run the notification workload instead: --subscriptions subscriptions,"
            + " --rate updates/s for --duration, latency from update to notification.")
    boolean notify;

    @Option(names = "--subscriptions", defaultValue = "1000", description = "Subscriptions of the notification workload (default ${DEFAULT-VALUE}).")
    int subscriptions;

    @Option(names = "--rate", defaultValue = "500", description = "Updates per second of the notification workload, messages"
            + " per second of the iot-mqtt workload (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--live-writes", defaultValue = "0", description = "Partial updates a second of random entities of the"
            + " set, observed now, sent beside every workload (live sensors while the workload reads; default none).")
    int liveWrites;

    @Option(names = "--bad-receivers", description = "Also subscribe a dead receiver and one answering after 10 s to every change.")
    boolean badReceivers;

    @Option(names = "--open-dataset", description = "Open the bench tenant's car parks as a dataset (Belfort's admin"
            + " API) and wait until its event stream has closed the pages that the entities and --history fill.")
    boolean openDataset;

    @Option(names = "--ldes-replay", description = "Replay the car parks' event stream from its root, as an LDES client"
            + " does, and print members/s.")
    boolean ldesReplay;

    @Option(names = "--api-key", defaultValue = "${env:BELFORT_API_KEY}",
            description = "Sent as X-API-Key with every request, for a broker that checks access (env BELFORT_API_KEY).")
    String apiKey;

    @Option(names = "--bearer-token", defaultValue = "${env:BELFORT_BEARER_TOKEN}",
            description = "Sent as Authorization: Bearer with every request of the workloads, for a broker that takes"
                    + " OpenID Connect tokens (env BELFORT_BEARER_TOKEN).")
    String bearerToken;

    @Option(names = "--federation", defaultValue = "0", description = "Run the federation workload instead: this many"
            + " city sources started here and registered with the broker, whose query is measured against one city's.")
    int federation;

    @Option(names = "--city-delay", defaultValue = "0ms", description = "How long each city source of --federation takes"
            + " to answer (default ${DEFAULT-VALUE}).")
    String cityDelay;

    @Option(names = "--dead-city", description = "With --federation, also register a city whose port refuses connections.")
    boolean deadCity;

    @Option(names = "--live-viewers", defaultValue = "0",
            description = "Run the dashboard's live workload instead (Belfort only): this many server-sent event viewers"
                    + " of the bench tenant's city page while one car park changes --rate times a second for --duration;"
                    + " the latency from sending a change to each viewer receiving it (default ${DEFAULT-VALUE}: off).")
    int liveViewers;

    @Option(names = "--dashboard-pages", defaultValue = "0",
            description = "Run the dashboard's pages instead (Belfort only), each asked this many times in a row: the region"
                    + " page, the bench tenant's city page, its map data and a one-year chart of one car park (whose"
                    + " history is filled first, --history-instances), and the bytes of a first load of the city page;"
                    + " the car parks come from the usual set-up (--entities) unless --skip-setup (default ${DEFAULT-VALUE}: off).")
    int dashboardPages;

    @Option(names = "--history-instances", defaultValue = "100000",
            description = "With --dashboard-pages: the history instances written for the charted car park over one year"
                    + " (default ${DEFAULT-VALUE}; 0 to write none).")
    int historyInstances;

    @Option(names = "--mqtt-url", defaultValue = "${env:BELFORT_MQTT_URL}",
            description = "The MQTT broker the platform takes device messages from (its --mqtt-url), mqtt://host:port, for"
                    + " the iot-mqtt workload: --entities devices publish --rate messages/s with QoS 1 from --connections clients;"
                    + " measurements/s is what the platform committed, latency is publish to queryable (sampled).")
    String mqttUrl;

    @Option(names = "--gzip", description = "Ask for gzip in the reads (Accept-Encoding), as browsers do; the compressed"
            + " bytes are read, not inflated.")
    boolean gzip;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated data (default ${DEFAULT-VALUE}).")
    long seed;

    private static final String IOT_MQTT = "iot-mqtt";
    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        if (notify) {
            new NotificationBench(client, url, tenant, apiKey, out).run(subscriptions, rate, Durations.parse(warmup), Durations.parse(duration),
                    badReceivers);
            return 0;
        }
        if (federation > 0) {
            new FederationBench(client, url, tenant, apiKey, out).run(federation, Durations.parse(cityDelay), deadCity,
                    connections, Durations.parse(warmup), Durations.parse(duration));
            return 0;
        }
        Workloads catalogue = new Workloads(url, tenant, seed, entities, batchSize).withApiKey(apiKey)
                .withBearerToken(bearerToken).withGzip(gzip).withHistoryStep(Durations.parse(historyStep));
        if (liveViewers > 0) {
            new LiveViewersBench(new DashboardTarget(client, url, tenant, catalogue, apiKey), out).run(liveViewers, rate, Durations.parse(duration));
            return 0;
        }
        if (dashboardPages > 0) {
            if (!skipSetup) {
                setup(client, catalogue);
            }
            new DashboardPagesBench(new DashboardTarget(client, url, tenant, catalogue, apiKey), gzip, out)
                    .run(dashboardPages, historyInstances, new ParkingPayloads(seed, "bench-").id(0));
            return 0;
        }
        boolean mqtt = workloads.stream().anyMatch(name -> name.trim().equals(IOT_MQTT));
        if (mqtt && (mqttUrl == null || mqttUrl.isBlank())) {
            System.err.println("The iot-mqtt workload needs --mqtt-url: the broker the platform takes device messages from.");
            return 2;
        }
        List<Workload> selected = catalogue.byNames(workloads.stream().filter(name -> !name.trim().equals(IOT_MQTT)).toList());
        if (!reachable(client, catalogue)) {
            System.err.println("The broker at " + url + " cannot be reached.");
            return 2;
        }
        out.printf("Belfort bench against %s: %d connections, warm-up %s, measured %s, tenant '%s', %d entities,"
                + " batches of %d%s%n", url, connections, warmup, duration, tenant, entities, batchSize,
                gzip ? ", reads ask for gzip" : "");
        if (!skipSetup && selected.stream().anyMatch(Workloads::needsSetup)) {
            setup(client, catalogue);
        }
        if (!skipSetup && workloads.stream().anyMatch(name -> name.trim().equals("iot-json") || name.trim().equals(IOT_MQTT))) {
            provisionDevices(client, catalogue);
        }
        if (history > 0) {
            recordHistory(client, catalogue);
        }
        if (historyDepth > 0) {
            appendHistory(client, catalogue);
        }
        EventStreamReplay replay = new EventStreamReplay(client, out);
        if (openDataset) {
            int status = client.send(catalogue.openDataset(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200 && status != 201) {
                System.err.println("Opening the dataset answered " + status);
                return 2;
            }
            long members = (long) entities * (history + 1);
            replay.awaitClosedPages(catalogue.streamUrl(), (int) Math.max(1, members / 250 - 1), Duration.ofMinutes(30));
        }
        if (ldesReplay) {
            replay.replay(catalogue.streamUrl());
        }
        LoadRunner runner = new LoadRunner(client, connections, out);
        List<Result> results = new ArrayList<>();
        try (LiveWrites live = liveWrites > 0 ? new LiveWrites(client, catalogue, liveWrites, out) : null) {
            for (Workload workload : selected) {
                results.add(runner.run(workload, Durations.parse(warmup), Durations.parse(duration)));
            }
        }
        if (mqtt) {
            results.add(new MqttIngestionBench(client, catalogue, mqttUrl, entities, connections, rate, out)
                    .run(Durations.parse(warmup), Durations.parse(duration)));
        }
        out.println();
        out.print(Report.table(results));
        return 0;
    }

    private boolean reachable(HttpClient client, Workloads catalogue) {
        try {
            client.send(catalogue.probe(), HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Records --history observations per entity, round after round, each round's batches in parallel. */
    private void recordHistory(HttpClient client, Workloads catalogue) throws Exception {
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        int batches = catalogue.setupBatches();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(connections)) {
            for (int round = 0; round < history; round++) {
                List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
                for (int batch = 0; batch < batches; batch++) {
                    int r = round;
                    int b = batch;
                    sent.add(pool.submit(() -> {
                        int status = client.send(catalogue.historyBatch(r, b), HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        if (status != 204) {
                            failed.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (var future : sent) {
                    future.get();
                }
                if ((round + 1) % Math.max(1, history / 10) == 0) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    out.printf("history: %d of %d rounds, %.0f observations/s%n", round + 1, history,
                            (double) (round + 1) * entities / seconds);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("history: recorded %d observations in %.1f s, %.0f observations/s (%d failed batches)%n",
                (long) history * entities, seconds, history * (double) entities / seconds, failed.get());
    }

    /** Appends --history-depth observations to every entity's history, requests of 1,000 on all connections. */
    private void appendHistory(HttpClient client, Workloads catalogue) throws Exception {
        int perRequest = 1_000;
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        long total = (long) entities * historyDepth;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(connections)) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int entity = 0; entity < entities; entity++) {
                int e = entity;
                sent.add(pool.submit(() -> {
                    for (int first = 0; first < historyDepth; first += perRequest) {
                        int count = Math.min(perRequest, historyDepth - first);
                        int status = client.send(catalogue.historyAppend(e, first, count),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status != 204) {
                            failed.incrementAndGet();
                        }
                        long now = done.addAndGet(count);
                        if (now / (total / 10 + 1) != (now - count) / (total / 10 + 1)) {
                            out.printf("history depth: %,d of %,d observations, %.0f observations/s%n", now, total,
                                    now / ((System.nanoTime() - start) / 1e9));
                        }
                    }
                    return null;
                }));
            }
            for (var future : sent) {
                future.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("history depth: appended %,d observations in %.1f s, %.0f observations/s (%d failed requests)%n",
                total, seconds, total / seconds, failed.get());
    }

    /** Provisions the iot-json workload's device group and --entities devices, 500 per request. */
    private void provisionDevices(HttpClient client, Workloads catalogue) throws Exception {
        int failed = 0;
        for (int first = 0; first < entities; first += 500) {
            for (var request : catalogue.iotSetup(first, Math.min(500, entities - first))) {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 201 && status != 409) {
                    failed++;
                }
            }
        }
        out.printf("setup: provisioned %d devices (%d failed requests)%n", entities, failed);
    }

    private void setup(HttpClient client, Workloads catalogue) throws Exception {
        long start = System.nanoTime();
        int failed = 0;
        for (int batch = 0; batch < catalogue.setupBatches(); batch++) {
            int status = client.send(catalogue.setupBatch(batch), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 201 && status != 204) {
                failed++;
            }
            int tenth = Math.max(1, catalogue.setupBatches() / 10);
            if ((batch + 1) % tenth == 0) {
                out.printf("setup: %d%% (%.1f s)%n", 100L * (batch + 1) / catalogue.setupBatches(),
                        (System.nanoTime() - start) / 1e9);
            }
        }
        out.printf("setup: upserted %d entities in %.1f s (%d failed batches)%n", entities,
                (System.nanoTime() - start) / 1e9, failed);
    }
}
