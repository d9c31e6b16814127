package be.belfort.server;

import be.belfort.api.ApiServer;
import be.belfort.jsonld.CoreContext;
import be.belfort.security.ApiKeys;
import be.belfort.security.OutboundGuard;
import be.belfort.security.Role;
import be.belfort.storage.TenantPurge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Drives the platform's own hot paths at start, before its port opens: entity updates with their history, the
 * subscriptions they notify and the sending of those notifications, retrieval by id, queries and {@code lastN}.
 * <p>
 * Why: a cold JVM compiles its hot code during the first minute of load, and on a small machine the compiler then
 * takes the cores that requests need; the first heavy load after a start was refused by thousands of requests where
 * the same load a minute later was not (bench figures in docs/operations.md). Warming up through HTTP on a loopback
 * port of its own compiles the very code clients run, with nobody else served yet.
 * <p>
 * It works in a tenant of its own whose every row is removed afterwards ({@link TenantPurge}), with a publisher key
 * of that tenant when access control is on, within the client's rate limit, and notifies a receiver on a loopback
 * port that the outbound guard allows only for the warm-up's time. A warm-up that fails is logged and the platform
 * starts anyway: it only makes the first minute faster.
 */
final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    /** Tenants whose name starts with this are the warm-up's own; one left by a warm-up that died is removed later. */
    static final String TENANT_PREFIX = "belfort-warm-up-";
    /** A warm-up's tenant older than this is a leftover (no warm-up lasts that long) of one that did not finish. */
    private static final Duration LEFTOVER_AGE = Duration.ofHours(1);
    private static final String TYPE = "WarmUpSensor";
    private static final int ENTITIES = 1000;
    /** Requests under way at once, as many connections as a busy client's pool. */
    private static final int WORKERS = 16;
    /** How long the notifications of the last updates may take to arrive. */
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final String LINK = "<" + CoreContext.URL
            + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";

    /** What the warm-up did: requests sent (refused ones among them), notifications received of those expected. */
    record Figures(long requests, long failed, String firstFailure, long notified,
                   long notificationsExpected, long rowsRemoved, Duration took, URI receiver) {
    }

    private final ApiKeys keys;
    private final OutboundGuard outbound;
    private final TenantPurge purge;
    /** Writes the audit entries still buffered, so that the purge finds them. */
    private final Runnable flushAudit;
    private final Clock clock;
    /** The requests per second the warm-up's client may send (a rate limit), 0 for no limit. */
    private final double rateLimit;

    /** @param keys the platform's keys when access control is on, else null (requests then go without a key) */
    WarmUp(ApiKeys keys, OutboundGuard outbound, TenantPurge purge, Runnable flushAudit, Clock clock, double rateLimit) {
        this.keys = keys;
        this.outbound = outbound;
        this.purge = purge;
        this.flushAudit = flushAudit;
        this.clock = clock;
        this.rateLimit = rateLimit;
    }

    /**
     * Runs for about {@code duration} against a server the factory starts on a loopback port (and this stops), then
     * removes every trace; returns what it did, or null when it failed (and said why in the log).
     */
    @SuppressWarnings("try") // the guard's allowance is held for the block, not used in it
    Figures run(Duration duration, java.util.function.Supplier<ApiServer> loopbackServer) {
        removeLeftovers();
        // SecureRandom.getSeed may wait for the system's entropy at start; a random UUID's bits do not
        String tenant = TENANT_PREFIX + java.util.UUID.randomUUID().toString().substring(24);
        long started = System.nanoTime();
        LOG.info("Warming up for {} s on a loopback port, in tenant {} (removed afterwards){}", duration.toSeconds(), tenant,
                rateLimit > 0 ? " within the client rate limit of " + (long) rateLimit + " requests/s" : "");
        ApiKeys.Created key = keys == null ? null : keys.create(tenant, Role.PUBLISHER, "Belfort's warm-up at start");
        Load load = null;
        try (WarmUpReceiver receiver = WarmUpReceiver.start();
             OutboundGuard.Allowance allowed = outbound.allowOwn(receiver.origin())) {
            ApiServer server = loopbackServer.get();
            try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
                load = new Load(client, URI.create("http://127.0.0.1:" + server.port() + ApiServer.BASE), tenant,
                        key == null ? null : key.secret());
                load.run(duration, receiver);
            } finally {
                server.stop();
            }
            return finish(tenant, key, load, receiver, started);
        } catch (RuntimeException e) {
            LOG.warn("The warm-up failed ({}); the platform starts without it", e.toString());
            finish(tenant, key, load, null, started);
            return null;
        }
    }

    private Figures finish(String tenant, ApiKeys.Created key, Load load, WarmUpReceiver receiver, long started) {
        long removed = -1;
        try {
            if (key != null) {
                keys.revoke(key.key().id());
            }
            flushAudit.run();
            removed = purge.purge(tenant);
        } catch (RuntimeException e) {
            LOG.warn("The warm-up's tenant {} could not be removed now ({}); the next start removes it", tenant, e.toString());
        } finally {
            if (key != null) {
                keys.forget(key.key().id());
            }
        }
        if (load == null || receiver == null) {
            return null;
        }
        Figures figures = new Figures(load.requests.get(), load.failed.get(), load.firstFailure.get(),
                receiver.received(), load.notifying.get(), removed, Duration.ofNanos(System.nanoTime() - started),
                receiver.origin());
        String summary = String.format("Warmed up in %.1f s: %,d requests (%,d failed), %,d of %,d notifications received;"
                        + " tenant %s removed (%,d rows)", figures.took().toMillis() / 1000.0, figures.requests(),
                figures.failed(), figures.notified(), figures.notificationsExpected(), tenant, removed);
        if (figures.failed() > 0) {
            LOG.warn("{}; the first failure: {}", summary, figures.firstFailure());
        } else {
            LOG.info(summary);
        }
        return figures;
    }

    /** Tenants of earlier warm-ups that died before removing theirs (a crash, a kill). */
    private void removeLeftovers() {
        for (String leftover : purge.named(TENANT_PREFIX, clock.instant().minus(LEFTOVER_AGE))) {
            LOG.info("Removing {} left by a warm-up that did not finish: {} rows", leftover, purge.purge(leftover));
        }
    }

    /** The requests of one warm-up, sent by {@link #WORKERS} virtual threads. */
    private final class Load {
        private final HttpClient client;
        private final URI base;
        private final String tenant;
        private final String apiKey;
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        /** Updates that succeeded: each notifies its entity's subscription once. */
        private final AtomicLong notifying = new AtomicLong();
        private final AtomicReference<String> firstFailure = new AtomicReference<>();
        /** When the next request may go, within the rate limit. */
        private final AtomicLong nextSlot = new AtomicLong(System.nanoTime());

        Load(HttpClient client, URI base, String tenant, String apiKey) {
            this.client = client;
            this.base = base;
            this.tenant = tenant;
            this.apiKey = apiKey;
        }

        void run(Duration duration, WarmUpReceiver receiver) {
            send("POST", "/entityOperations/create", IntStream.range(0, ENTITIES).mapToObj(this::entity)
                    .collect(Collectors.joining(",", "[", "]")), 201);
            for (int i = 0; i < ENTITIES; i++) {
                send("POST", "/subscriptions", subscription(i, receiver.endpoint()), 201);
            }
            long deadline = System.nanoTime() + duration.toNanos();
            try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int worker = 0; worker < WORKERS; worker++) {
                    workers.submit(() -> {
                        for (long n = 0; System.nanoTime() < deadline; n++) {
                            oneRequest(n);
                        }
                    });
                }
            }
            awaitNotifications(receiver);
            for (int i = 0; i < ENTITIES; i++) {
                send("DELETE", "/subscriptions/" + subscriptionId(i), null, 204);
            }
            send("POST", "/entityOperations/delete", IntStream.range(0, ENTITIES).mapToObj(i -> "\"" + entityId(i) + "\"")
                    .collect(Collectors.joining(",", "[", "]")), 204);
        }

        /** Updates mostly (each notifies), with the reads a dashboard makes beside them. */
        private void oneRequest(long n) {
            int entity = ThreadLocalRandom.current().nextInt(ENTITIES);
            switch ((int) (n % 20)) {
                case 14, 15, 16 -> send("GET", "/entities/" + entityId(entity), null, 200);
                case 17 -> send("GET", "/entities?type=" + TYPE + "&q=temperature%3E15&limit=20", null, 200);
                case 18 -> send("GET", "/entities?type=" + TYPE + "&georel=near;maxDistance==2000&geometry=Point"
                        + "&coordinates=%5B3.72,51.05%5D&limit=20", null, 200);
                case 19 -> send("GET", "/temporal/entities/" + entityId(entity) + "?lastN=10&attrs=temperature", null, 200);
                default -> {
                    String update = "{\"temperature\": {\"type\": \"Property\", \"value\": "
                            + ThreadLocalRandom.current().nextInt(-50, 400) / 10.0 + ", \"observedAt\": \""
                            + clock.instant() + "\"}}";
                    if (send("PATCH", "/entities/" + entityId(entity) + "/attrs", update, 204)) {
                        notifying.incrementAndGet();
                    }
                }
            }
        }

        /** Until every notification arrived, or none arrived for a second, or {@link #DRAIN} passed. */
        private void awaitNotifications(WarmUpReceiver receiver) {
            long deadline = System.nanoTime() + DRAIN.toNanos();
            long last = -1;
            long lastChange = System.nanoTime();
            while (receiver.received() < notifying.get() && System.nanoTime() < deadline
                    && System.nanoTime() - lastChange < 1_000_000_000L) {
                long now = receiver.received();
                if (now != last) {
                    last = now;
                    lastChange = System.nanoTime();
                }
                sleep(Duration.ofMillis(50));
            }
        }

        private String entity(int i) {
            double longitude = 3.70 + (i % 10) * 0.005;
            double latitude = 51.03 + (i / 10) * 0.005;
            return "{\"id\": \"" + entityId(i) + "\", \"type\": \"" + TYPE + "\", \"temperature\": {\"type\": \"Property\","
                    + " \"value\": 18.5, \"unitCode\": \"CEL\", \"observedAt\": \"" + clock.instant() + "\"},"
                    + " \"name\": {\"type\": \"Property\", \"value\": \"Sensor " + i + "\"},"
                    + " \"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\", \"coordinates\": ["
                    + longitude + ", " + latitude + "]}}}";
        }

        /** One subscription per entity; half of them in keyValues, as receivers ask both. */
        private String subscription(int i, URI endpoint) {
            return "{\"id\": \"" + subscriptionId(i) + "\", \"type\": \"Subscription\", \"entities\": [{\"id\": \""
                    + entityId(i) + "\", \"type\": \"" + TYPE + "\"}], \"watchedAttributes\": [\"temperature\"],"
                    + " \"notification\": {\"format\": \"" + (i % 2 == 0 ? "normalized" : "keyValues") + "\","
                    + " \"endpoint\": {\"uri\": \"" + endpoint + "\", \"accept\": \"application/json\"}}}";
        }

        private static String entityId(int i) {
            return "urn:ngsi-ld:" + TYPE + ":" + i;
        }

        private static String subscriptionId(int i) {
            return "urn:ngsi-ld:Subscription:warm-up-" + i;
        }

        /** Sends one request within the rate limit; whether it got the expected status (else it is counted failed). */
        private boolean send(String method, String path, String body, int expected) {
            pace();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("NGSILD-Tenant", tenant).header("Link", LINK)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (apiKey != null) {
                request.header("X-API-Key", apiKey);
            }
            requests.incrementAndGet();
            String failure;
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == expected) {
                    return true;
                }
                failure = method + " " + path + " answered " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                failure = method + " " + path + " failed: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = method + " " + path + " was interrupted";
            }
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, failure);
            return false;
        }

        /** Waits for this request's turn when a rate limit applies: 90 % of it, so that no request is refused. */
        private void pace() {
            if (rateLimit <= 0) {
                return;
            }
            long interval = (long) (1e9 / (0.9 * rateLimit));
            long slot = nextSlot.getAndUpdate(next -> Math.max(next, System.nanoTime() - interval) + interval);
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                sleep(Duration.ofNanos(wait));
            }
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
