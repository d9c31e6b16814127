package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Polls the DATEX II parking feeds that devices name ({@link Datex2Feed}), each at its own interval, in parallel:
 * a conditional request per document, the publication read ({@link Datex2Parser}) and its car parks written as
 * {@code OffStreetParking} entities through the ingestion service. A car park whose record did not change since
 * it was last written writes nothing. A feed that fails (unreachable, slow, not a parking publication) gets the
 * reason in its device's status and is asked again at its next poll.
 */
public final class Datex2Poller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Datex2Poller.class);

    private final DeviceRegistry registry;
    private final IngestionService ingestion;
    private final FeedClient client;
    private final FeedMemory memory;
    private final Clock clock;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, FeedState> states = new ConcurrentHashMap<>();

    public Datex2Poller(DeviceRegistry registry, IngestionService ingestion, FeedClient client, FeedMemory memory,
                        Clock clock) {
        this.registry = registry;
        this.memory = memory;
        this.ingestion = ingestion;
        this.client = client;
        this.clock = clock;
    }

    /** Polls the feeds that are due, and waits for them (each is bounded by its timeout). */
    public void pollDue() {
        List<Device> feeds = registry.feeds();
        Set<String> present = feeds.stream().map(Datex2Poller::keyOf).collect(Collectors.toSet());
        states.keySet().retainAll(present);
        Instant now = clock.instant();
        List<Callable<Void>> due = new ArrayList<>();
        for (Device feed : feeds) {
            FeedState state;
            try {
                state = states.computeIfAbsent(keyOf(feed), key -> recalled(feed));
            } catch (RuntimeException e) {
                LOG.warn("The memory of the DATEX II feed of device {} could not be read; polled later: {}",
                        feed.deviceId(), e.toString());
                continue;
            }
            if (!state.due.isAfter(now)) {
                due.add(() -> {
                    poll(feed, state);
                    return null;
                });
            }
        }
        try {
            workers.invokeAll(due);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The feed's memory as it was kept, unless it was kept for another configuration of the feed. */
    private FeedState recalled(Device feed) {
        JsonNode configuration = feed.document().get(Datex2Feed.MEMBER);
        return memory.recall(feed.tenant(), feed.deviceId())
                .filter(kept -> kept.feed().equals(configuration))
                .map(kept -> FeedState.of(kept.memory(), kept.nextPoll()))
                .orElseGet(() -> {
                    FeedState fresh = new FeedState();
                    fresh.changed = true;
                    return fresh;
                });
    }

    private static String keyOf(Device device) {
        return device.tenant() + '\u0000' + device.deviceId() + '\u0000' + device.document().get(Datex2Feed.MEMBER);
    }

    private void poll(Device feed, FeedState state) {
        Datex2Feed config;
        try {
            config = Datex2Feed.of(feed.document());
        } catch (NgsiLdException e) {
            return; // refused when provisioned; a document stored before that rule existed is left alone
        }
        synchronized (state) {
            state.due = clock.instant().plus(config.interval());
            try {
                read(feed, config, state);
            } catch (FeedClient.FeedFailure e) {
                ingestion.refuse(feed, e.getMessage());
            } catch (NgsiLdException e) {
                ingestion.refuse(feed, e.detail());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("Polling the DATEX II feed of device {} failed: {}", feed.deviceId(), e.toString());
            }
            keep(feed, state);
        }
    }

    /** Keeps what the poll changed; what could not be kept now is kept after the next poll. */
    private void keep(Device feed, FeedState state) {
        try {
            if (state.changed) {
                memory.keep(feed.tenant(), feed.deviceId(),
                        new FeedMemory.Kept(feed.document().get(Datex2Feed.MEMBER), state.toJson(), state.due));
                state.changed = false;
            } else {
                memory.reschedule(feed.tenant(), feed.deviceId(), state.due);
            }
        } catch (RuntimeException e) {
            LOG.warn("The memory of the DATEX II feed of device {} could not be kept: {}", feed.deviceId(), e.toString());
        }
    }

    private void read(Device feed, Datex2Feed config, FeedState state) throws FeedClient.FeedFailure, InterruptedException {
        Map<URI, FeedClient.Validators> next = new HashMap<>();
        boolean tableChanged = false;
        if (config.tableUrl() != null) {
            FeedClient.Fetched table = fetch(config.tableUrl(), config, state);
            if (table.modified()) {
                List<Datex2Publication> tables = parse(config.tableUrl(), table.body()).stream()
                        .filter(publication -> publication.kind() == Datex2Publication.Kind.TABLE).toList();
                if (tables.isEmpty()) {
                    throw new FeedClient.FeedFailure(config.tableUrl() + " is not a ParkingTablePublication");
                }
                state.table = tables.stream().flatMap(publication -> publication.sites().stream())
                        .collect(Collectors.toMap(Datex2Publication.Site::id, Function.identity(), (first, second) -> second));
                tableChanged = true;
                state.changed = true;
            }
            next.put(config.tableUrl(), table.validators());
        }
        FeedClient.Validators before = state.validators.getOrDefault(config.url(), FeedClient.Validators.NONE);
        // A changed table changes the car parks of an unchanged status: the status is read again then.
        FeedClient.Fetched status = client.fetch(config.url(), config.timeout(),
                tableChanged ? FeedClient.Validators.NONE : before);
        next.put(config.url(), status.validators());
        if (status.modified()) {
            List<OffStreetParkings.Parking> changed = new ArrayList<>();
            for (OffStreetParkings.Parking parking : OffStreetParkings.of(parse(config.url(), status.body()), state.table)) {
                if (!parking.measures().toString().equals(state.written.get(parking.entityId()))) {
                    changed.add(parking);
                }
            }
            IngestionService.FeedReceipt receipt = ingestion.ingestParkings(feed, changed);
            for (OffStreetParkings.Parking parking : receipt.written()) {
                state.written.put(parking.entityId(), parking.measures().toString());
                state.changed = true;
            }
            if (receipt.incomplete()) {
                return;
            }
        } else {
            ingestion.seen(feed);
        }
        // Only a document fully taken is not asked for again: one that failed comes whole at the next poll.
        if (!next.entrySet().stream().allMatch(document -> document.getValue().equals(state.validators.get(document.getKey())))) {
            state.validators.putAll(next);
            state.changed = true;
        }
    }

    private FeedClient.Fetched fetch(URI uri, Datex2Feed config, FeedState state) throws FeedClient.FeedFailure, InterruptedException {
        return client.fetch(uri, config.timeout(), state.validators.getOrDefault(uri, FeedClient.Validators.NONE));
    }

    private static List<Datex2Publication> parse(URI uri, byte[] body) {
        try {
            return Datex2Parser.parse(body);
        } catch (NgsiLdException e) {
            throw NgsiLdException.badData(uri + ": " + e.detail());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        client.close();
    }
}
