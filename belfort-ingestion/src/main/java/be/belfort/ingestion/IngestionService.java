package be.belfort.ingestion;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;

import be.belfort.model.ServiceUnavailable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Southbound messages into entities: finds the device a key and id (or a DevEUI) name, maps its measures and
 * writes them through the group commit, and keeps the device's status. A message is answered only after its
 * measurements committed; a refused measure leaves the others written.
 */
public final class IngestionService {
    private static final int MAX_CACHED_DEVICES = 50_000;
    /**
     * Registry look-ups of devices not cached yet, at once. Without a bound, the first messages of a thousand
     * devices (after a start) each took a database connection and starved the group commit and the platform's
     * own jobs of theirs; beyond it, messages wait in memory for their device.
     */
    static final int MAX_CONCURRENT_LOOKUPS = 8;
    private static final Duration LOOKUP_WAIT = Duration.ofSeconds(5);
    /**
     * Devices of a key's tenant read at once, a page at a time, at the key's first unknown device: after a start or
     * a provisioning change, a thousand devices' first messages then cost one page read instead of a look-up each.
     */
    static final int MAX_PRELOADED_DEVICES = 5_000;
    private static final int PRELOAD_PAGE = 1_000;

    private final DeviceRegistry registry;
    private final MeasureMapper mapper;
    private final GroupCommit commits;
    private final StatusBuffer status;
    private final Clock clock;
    /** Devices as messages find them; provisioning changes clear it. Unknown keys are never cached. */
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    /** Device groups by key, as messages find them; provisioning changes clear it. */
    private final Map<String, List<DeviceGroup>> groups = new ConcurrentHashMap<>();
    /** The last LoRaWAN frame counter taken per device, so that a repeated frame is known at once. */
    private final Map<String, Long> frames = new ConcurrentHashMap<>();
    private final Semaphore lookups = new Semaphore(MAX_CONCURRENT_LOOKUPS);
    private final Map<String, CompletableFuture<Device>> lookingUpNow = new ConcurrentHashMap<>();
    /** Keys whose tenant's devices were read at once since the last provisioning change. */
    private final Set<String> preloadedKeys = ConcurrentHashMap.newKeySet();
    /** Counts provisioning changes, so that devices read before one are not remembered after it. */
    private final AtomicLong provisioningChanges = new AtomicLong();

    public IngestionService(DeviceRegistry registry, MeasureMapper mapper, GroupCommit commits, Clock clock) {
        this.registry = registry;
        this.mapper = mapper;
        this.commits = commits;
        this.status = new StatusBuffer(registry);
        this.clock = clock;
    }

    /** The device a southbound key and device id name; 401 for a key that names no group or device, else 404. */
    public Device deviceByKey(String apikey, String deviceId) {
        if (apikey == null || apikey.isBlank()) {
            throw new NgsiLdException(ErrorType.UNAUTHORIZED, "This needs the device's API key as the 'k' parameter");
        }
        if (deviceId == null || deviceId.isBlank()) {
            throw NgsiLdException.badData("This needs the device id as the 'i' parameter");
        }
        String cacheKey = apikey + '\u0000' + deviceId;
        Device cached = devices.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        // Messages of a device whose look-up is under way wait for that one rather than look it up again.
        CompletableFuture<Device> mine = new CompletableFuture<>();
        CompletableFuture<Device> underWay = lookingUpNow.putIfAbsent(cacheKey, mine);
        if (underWay != null) {
            try {
                return underWay.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : e;
            }
        }
        try {
            // The look-up before may have ended between the cache's answer and this one's start.
            Device found = Optional.ofNullable(devices.get(cacheKey))
                    .orElseGet(() -> lookingUp(() -> lookUp(apikey, deviceId, cacheKey)));
            mine.complete(found);
            return found;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            lookingUpNow.remove(cacheKey, mine);
        }
    }

    private Device lookUp(String apikey, String deviceId, String cacheKey) {
        List<DeviceGroup> ofKey = groupsOf(apikey);
        Device found;
        if (!ofKey.isEmpty()) {
            DeviceGroup group = ofKey.stream().filter(DeviceGroup::autoprovision).findFirst().orElse(ofKey.getFirst());
            preload(apikey, group);
            Device preloaded = devices.get(cacheKey);
            if (preloaded != null) {
                return preloaded;
            }
            Device device = registry.device(group.tenant(), deviceId).map(DeviceRegistry.Entry::device)
                    .orElseGet(() -> autoProvisioned(group, deviceId, null));
            if (device.apikey() != null && !device.apikey().equals(apikey)) {
                throw unknownKey();
            }
            found = device.within(group);
        } else {
            found = registry.deviceByOwnKey(apikey, deviceId).map(DeviceRegistry.Entry::device).orElseThrow(
                    IngestionService::unknownKey);
        }
        remember(cacheKey, found);
        return found;
    }

    /**
     * Remembers, once per key, the devices of its tenant that the key may speak for, as a look-up of each would find
     * them (a device with a key of its own only for that key). A device not among them is looked up alone.
     */
    private void preload(String apikey, DeviceGroup group) {
        if (!preloadedKeys.add(apikey)) {
            return;
        }
        long changes = provisioningChanges.get();
        try {
            for (int offset = 0; offset < MAX_PRELOADED_DEVICES; offset += PRELOAD_PAGE) {
                List<DeviceRegistry.Entry> page = registry.devices(group.tenant(), PRELOAD_PAGE, offset).items();
                for (DeviceRegistry.Entry entry : page) {
                    Device device = entry.device();
                    if ((device.apikey() == null || device.apikey().equals(apikey)) && provisioningChanges.get() == changes) {
                        remember(apikey + '\u0000' + device.deviceId(), device.within(group));
                    }
                }
                if (page.size() < PRELOAD_PAGE) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // Each device is then looked up alone, as it comes.
            preloadedKeys.remove(apikey);
        }
    }

    /** A device of a tenant by id, for a client that holds a publisher key of the tenant. */
    public Device device(String tenant, String deviceId) {
        return completed(registry.device(tenant, deviceId).map(DeviceRegistry.Entry::device)
                .orElseThrow(() -> NgsiLdException.notFound("No device '" + deviceId + "' is provisioned")));
    }

    /** A device with what its group gives it: the group of its own key, else its tenant's only group. */
    public Device completed(Device device) {
        String tenant = device.tenant();
        List<DeviceGroup> groups = device.apikey() != null ? registry.groupsByKey(device.apikey()).stream()
                .filter(group -> group.tenant().equals(tenant)).toList() : registry.groups(tenant, 2, 0).items();
        // A device without a key of its own belongs to its tenant's group when the tenant has only one.
        return device.within(groups.size() == 1 || device.apikey() != null && !groups.isEmpty() ? groups.getFirst() : null);
    }

    /** The device a LoRaWAN DevEUI names in the tenant of the key. */
    public Device deviceByEui(String apikey, String devEui) {
        if (apikey == null || apikey.isBlank()) {
            throw new NgsiLdException(ErrorType.UNAUTHORIZED, "This needs a device group's API key as the 'k' parameter");
        }
        return lookingUp(() -> {
            List<DeviceGroup> ofKey = groupsOf(apikey);
            if (ofKey.isEmpty()) {
                throw unknownKey();
            }
            DeviceGroup group = ofKey.stream().filter(DeviceGroup::autoprovision).findFirst().orElse(ofKey.getFirst());
            String eui = devEui == null ? "" : devEui.toUpperCase(java.util.Locale.ROOT);
            return registry.deviceByEui(group.tenant(), eui).map(DeviceRegistry.Entry::device)
                    // The Things Stack names a device by its DevEUI the same way.
                    .orElseGet(() -> autoProvisioned(group, "eui-" + eui.toLowerCase(java.util.Locale.ROOT), eui))
                    .within(group);
        });
    }

    /** Runs a registry look-up once a permit is free; 503 when none came free in time. */
    private <T> T lookingUp(Supplier<T> lookup) {
        try {
            if (!lookups.tryAcquire(LOOKUP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ServiceUnavailable("Ingestion is looking up more devices than it can now; send again later",
                        Duration.ofSeconds(1), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailable("Interrupted while waiting to look the device up", Duration.ofSeconds(1), e);
        }
        try {
            return lookup.get();
        } finally {
            lookups.release();
        }
    }

    /**
     * A device the group does not know, provisioned now when the group allows it (off by default): it takes the
     * group's entity type and mappings. Two first messages at once provision it once.
     */
    private Device autoProvisioned(DeviceGroup group, String deviceId, String devEui) {
        if (!group.autoprovision()) {
            throw NgsiLdException.notFound(devEui != null ? "No device with DevEUI '" + devEui + "' is provisioned"
                    : "No device '" + deviceId + "' is provisioned for this key");
        }
        com.fasterxml.jackson.databind.node.ObjectNode document =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("device_id", deviceId);
        if (devEui != null) {
            if (!devEui.matches("[0-9A-F]{16}")) {
                throw NgsiLdException.badData("'" + devEui + "' is not a DevEUI (16 hexadecimal digits)");
            }
            document.put("dev_eui", devEui);
        }
        Device device = ProvisioningDocuments.device(group.tenant(), document);
        check(device.within(group));
        try {
            registry.createDevices(group.tenant(), List.of(device));
        } catch (NgsiLdException e) {
            if (e.type() != ErrorType.ALREADY_EXISTS) {
                throw e;
            }
            return registry.device(group.tenant(), deviceId).map(DeviceRegistry.Entry::device).orElseThrow(() -> e);
        }
        return device;
    }

    /** The groups of a key; a key with none is not remembered, so that guessed keys take no memory. */
    private List<DeviceGroup> groupsOf(String apikey) {
        List<DeviceGroup> cached = groups.get(apikey);
        if (cached != null) {
            return cached;
        }
        List<DeviceGroup> found = registry.groupsByKey(apikey);
        if (!found.isEmpty() && groups.size() < MAX_CACHED_DEVICES) {
            groups.put(apikey, found);
        }
        return found;
    }

    private static NgsiLdException unknownKey() {
        return new NgsiLdException(ErrorType.UNAUTHORIZED, "The API key is not valid for this device");
    }

    private void remember(String key, Device device) {
        if (devices.size() >= MAX_CACHED_DEVICES) {
            devices.clear();
        }
        devices.put(key, device);
    }

    /** Forgets the devices messages found: a provisioning change may have changed any of them. */
    public void forgetDevices() {
        provisioningChanges.incrementAndGet();
        devices.clear();
        groups.clear();
        preloadedKeys.clear();
    }

    /**
     * Writes each group of measures (an Ultralight message may carry several) and waits for the commits. A whole
     * message that cannot be taken (a bad observation time, nothing valid in it) is refused and counted.
     */
    public Receipt ingest(Device device, List<Map<String, JsonNode>> groups) {
        return ingest(device, groups, null);
    }

    /** As {@link #ingest(Device, List)}, for a LoRaWAN uplink with its frame counter (a repeat is ignored). */
    public Receipt ingest(Device device, List<Map<String, JsonNode>> groups, Long frame) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String deviceKey = device.tenant() + '\u0000' + device.deviceId();
        Long previousFrame = null;
        if (frame != null) {
            frames.computeIfAbsent(deviceKey, k -> registry.device(device.tenant(), device.deviceId())
                    .map(entry -> entry.status().lastFrame()).orElse(Long.MIN_VALUE));
            previousFrame = frames.put(deviceKey, frame);
            if (frame.equals(previousFrame)) {
                return new Receipt(List.of(), List.of(), true);
            }
        }
        List<String> written = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        try {
            for (Map<String, JsonNode> measures : groups) {
                MeasureMapper.Mapped mapped = mapper.map(device, measures, now);
                refused.addAll(mapped.refusals());
                if (!mapped.attributes().isEmpty()) {
                    commits.write(new GroupCommit.Write(device.tenant(), device.entityName(),
                            List.of(mapper.entityType(device)), mapped.attributes(),
                            () -> mapper.staticAttributes(device)));
                    measures.keySet().stream().filter(key -> refused.stream().noneMatch(r -> key.equals(r.key())))
                            .filter(key -> !key.equals(device.observedAtKey())).forEach(written::add);
                }
            }
        } catch (NgsiLdException e) {
            if (frame != null) {
                frames.replace(deviceKey, frame, previousFrame);
            }
            if (e.type() != ErrorType.SERVICE_UNAVAILABLE) {
                List<Refusal> all = new ArrayList<>(refused);
                all.add(new Refusal(null, e.detail()));
                status.add(device, now, written.size(), all, null);
            }
            throw e;
        }
        if (written.isEmpty() && refused.isEmpty()) {
            refused.add(new Refusal(null, "The message has no measures"));
        }
        status.add(device, now, written.size(), refused, frame);
        if (written.isEmpty()) {
            throw NgsiLdException.badData("No measure of the message could be written: "
                    + String.join("; ", refused.stream().map(Refusal::describe).toList()));
        }
        return new Receipt(written, refused, false);
    }

    /**
     * What became of a feed's car parks: those written, and whether some could not be written now (the platform
     * busy), so that the feed is read whole again at its next poll.
     */
    public record FeedReceipt(List<OffStreetParkings.Parking> written, boolean incomplete) {
    }

    /**
     * Writes a polled feed's car parks, each to its own {@code OffStreetParking} entity, and waits for the
     * commits; a refused record or value is recorded in the feed's status and leaves the others written.
     */
    public FeedReceipt ingestParkings(Device feed, List<OffStreetParkings.Parking> parkings) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<GroupCommit.Write> writes = new ArrayList<>();
        List<OffStreetParkings.Parking> taken = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        for (OffStreetParkings.Parking parking : parkings) {
            Device carPark = new Device(feed.tenant(), feed.deviceId(), parking.entityId(), OffStreetParkings.ENTITY_TYPE,
                    feed.protocol(), null, null, OffStreetParkings.OBSERVED_AT_KEY, OffStreetParkings.ATTRIBUTES, List.of(),
                    true, feed.document());
            try {
                MeasureMapper.Mapped mapped = mapper.map(carPark, parking.measures(), now);
                mapped.refusals().forEach(refusal -> refused.add(new Refusal(parking.entityId() + " " + refusal.key(),
                        refusal.reason())));
                if (!mapped.attributes().isEmpty()) {
                    writes.add(new GroupCommit.Write(feed.tenant(), parking.entityId(), List.of(mapper.entityType(carPark)),
                            mapped.attributes(), Map::of));
                    taken.add(parking);
                }
            } catch (NgsiLdException e) {
                refused.add(new Refusal(parking.entityId(), e.detail()));
            }
        }
        List<RuntimeException> failures = commits.writeAll(writes);
        List<OffStreetParkings.Parking> written = new ArrayList<>();
        boolean incomplete = false;
        for (int i = 0; i < taken.size(); i++) {
            RuntimeException failure = failures.get(i);
            if (failure == null) {
                written.add(taken.get(i));
            } else if (failure instanceof NgsiLdException refusal && refusal.type() != ErrorType.SERVICE_UNAVAILABLE) {
                refused.add(new Refusal(taken.get(i).entityId(), refusal.detail()));
            } else {
                incomplete = true;
            }
        }
        status.add(feed, now, written.size(), refused, null);
        return new FeedReceipt(written, incomplete);
    }

    /** Counts a feed as heard from though it had nothing new (its documents did not change). */
    public void seen(Device feed) {
        status.add(feed, clock.instant(), 0, List.of(), null);
    }

    /** Counts a message refused before its measures could be read (malformed, too large) against its device. */
    public void refuse(Device device, String reason) {
        status.add(device, clock.instant(), 0, List.of(new Refusal(null, reason)), null);
    }

    /** The device groups that declare MQTT topics of their own, in every tenant. */
    public List<DeviceGroup> groupsWithTopics() {
        return registry.groupsWithTopics();
    }

    /** Writes the devices' pending status changes. */
    public void flushStatus() {
        status.flush();
    }

    /** Checks a device before it is provisioned: its entity can be created from what it says. */
    public void check(Device device) {
        mapper.check(device);
    }

    public Optional<DeviceRegistry.Entry> status(String tenant, String deviceId) {
        flushStatus();
        return registry.device(tenant, deviceId);
    }
}
