package be.belfort.ingestion;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Where device groups, devices and their status are kept, per tenant. */
public interface DeviceRegistry {
    /** A device with its status. */
    record Entry(Device device, DeviceStatus status) {
    }

    /** A page of a list, with the total count. */
    record Page<T>(List<T> items, long count) {
    }

    /** Adds the groups, all or none; AlreadyExists when one's key and resource are taken (in any tenant). */
    void createGroups(String tenant, List<DeviceGroup> groups);

    Page<DeviceGroup> groups(String tenant, int limit, int offset);

    /** The groups of a key, in any tenant (a key belongs to one tenant). */
    List<DeviceGroup> groupsByKey(String apikey);

    /** The groups of every tenant that declare an MQTT topic of their own. */
    List<DeviceGroup> groupsWithTopics();

    boolean updateGroup(DeviceGroup group);

    boolean deleteGroup(String tenant, String apikey, String resource);

    /** Adds the devices, all or none; AlreadyExists when a device id or DevEUI is taken in the tenant. */
    void createDevices(String tenant, List<Device> devices);

    Page<Entry> devices(String tenant, int limit, int offset);

    Optional<Entry> device(String tenant, String deviceId);

    /** A device that has a key of its own, found by its key and id. */
    Optional<Entry> deviceByOwnKey(String apikey, String deviceId);

    Optional<Entry> deviceByEui(String tenant, String devEui);

    /** The devices of every tenant that are polled feeds (they have a {@code datex2} member). */
    List<Device> feeds();

    boolean updateDevice(Device device);

    boolean deleteDevice(String tenant, String deviceId);

    /** Adds the changes to the devices' status (counts added, errors put first and trimmed). */
    void record(Collection<DeviceStatus.Change> changes);
}
