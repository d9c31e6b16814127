package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The IoT Agent provisioning operations on one tenant's device groups and devices: documents in and out as the
 * IoT Agent API has them, each device checked (its entity can be created from it) before it is kept, and the
 * devices southbound messages found forgotten after every change.
 */
public final class Provisioning {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final DeviceRegistry registry;
    private final IngestionService ingestion;

    public Provisioning(DeviceRegistry registry, IngestionService ingestion) {
        this.registry = registry;
        this.ingestion = ingestion;
    }

    public void createGroups(String tenant, JsonNode body) {
        List<DeviceGroup> groups = ProvisioningDocuments.elements(body, "services").stream()
                .map(document -> checked(ProvisioningDocuments.group(tenant, document))).toList();
        groups.forEach(this::requireTopicOfNoOtherGroup);
        registry.createGroups(tenant, groups);
        ingestion.forgetDevices();
    }

    public ObjectNode groups(String tenant, int limit, int offset) {
        DeviceRegistry.Page<DeviceGroup> page = registry.groups(tenant, limit, offset);
        ObjectNode answer = NODES.objectNode().put("count", page.count());
        ArrayNode services = answer.putArray("services");
        page.items().forEach(group -> services.add(group.document().deepCopy().put("service", tenant)));
        return answer;
    }

    public void updateGroup(String tenant, String apikey, String resource, JsonNode changes) {
        DeviceGroup existing = groupOf(tenant, apikey, resource);
        DeviceGroup updated = checked(ProvisioningDocuments.group(tenant,
                ProvisioningDocuments.updated(existing.document(), changes, "apikey", "resource")));
        requireTopicOfNoOtherGroup(updated);
        registry.updateGroup(updated);
        ingestion.forgetDevices();
    }

    public void deleteGroup(String tenant, String apikey, String resource) {
        if (!registry.deleteGroup(tenant, apikey, groupOf(tenant, apikey, resource).resource())) {
            throw NgsiLdException.notFound("No device group with this apikey and resource");
        }
        ingestion.forgetDevices();
    }

    /** A topic filter belongs to one group, so that each message has one meaning. */
    private void requireTopicOfNoOtherGroup(DeviceGroup group) {
        GroupTopic topic = group.topic();
        if (topic != null && registry.groupsWithTopics().stream()
                .filter(other -> !(other.apikey().equals(group.apikey()) && other.resource().equals(group.resource())))
                .anyMatch(other -> other.topic().filter().equals(topic.filter()))) {
            throw new NgsiLdException(be.belfort.model.ErrorType.ALREADY_EXISTS, "Another device group has the MQTT topic '"
                    + topic.filter() + "'");
        }
    }

    /** The group of a key; with no resource named, the key's only group. */
    private DeviceGroup groupOf(String tenant, String apikey, String resource) {
        if (apikey == null || apikey.isBlank()) {
            throw NgsiLdException.badData("Name the device group with the 'apikey' (and 'resource') parameters");
        }
        List<DeviceGroup> groups = registry.groupsByKey(apikey).stream().filter(group -> group.tenant().equals(tenant))
                .filter(group -> resource == null || group.resource().equals(resource)).toList();
        if (groups.isEmpty()) {
            throw NgsiLdException.notFound("No device group with this apikey and resource");
        }
        if (groups.size() > 1) {
            throw NgsiLdException.badData("This apikey has several device groups: name one with the 'resource' parameter");
        }
        return groups.getFirst();
    }

    public void createDevices(String tenant, JsonNode body) {
        List<Device> devices = ProvisioningDocuments.elements(body, "devices").stream()
                .map(document -> checked(ProvisioningDocuments.device(tenant, document))).toList();
        if (devices.stream().map(Device::deviceId).distinct().count() < devices.size()) {
            throw NgsiLdException.badData("The payload names a device_id twice");
        }
        registry.createDevices(tenant, devices);
        ingestion.forgetDevices();
    }

    public ObjectNode devices(String tenant, int limit, int offset) {
        ingestion.flushStatus();
        DeviceRegistry.Page<DeviceRegistry.Entry> page = registry.devices(tenant, limit, offset);
        ObjectNode answer = NODES.objectNode().put("count", page.count());
        ArrayNode devices = answer.putArray("devices");
        page.items().forEach(entry -> devices.add(shown(entry, ingestion.completed(entry.device()))));
        return answer;
    }

    public ObjectNode device(String tenant, String deviceId) {
        DeviceRegistry.Entry entry = ingestion.status(tenant, deviceId).orElseThrow(() -> notFound(deviceId));
        return shown(entry, ingestion.completed(entry.device()));
    }

    public void updateDevice(String tenant, String deviceId, JsonNode changes) {
        Device existing = registry.device(tenant, deviceId).orElseThrow(() -> notFound(deviceId)).device();
        Device updated = checked(ProvisioningDocuments.device(tenant,
                ProvisioningDocuments.updated(existing.document(), changes, "device_id")));
        registry.updateDevice(updated);
        ingestion.forgetDevices();
    }

    public void deleteDevice(String tenant, String deviceId) {
        if (!registry.deleteDevice(tenant, deviceId)) {
            throw notFound(deviceId);
        }
        ingestion.forgetDevices();
    }

    private static NgsiLdException notFound(String deviceId) {
        return NgsiLdException.notFound("No device '" + deviceId + "' is provisioned in this tenant");
    }

    private DeviceGroup checked(DeviceGroup group) {
        ingestion.check(new Device(group.tenant(), "group", ProvisioningDocuments.defaultEntityName(group.entityType(), "group"),
                group.entityType(), null, group.apikey(), null, ProvisioningDocuments.DEFAULT_OBSERVED_AT_KEY,
                group.attributes(), group.staticAttributes(), group.explicitAttrs(), group.document()));
        return group;
    }

    private Device checked(Device device) {
        ingestion.check(device);
        return device;
    }

    /** A device as provisioned, with the entity it feeds (as its group completes it) and the status of its messages. */
    private static ObjectNode shown(DeviceRegistry.Entry entry, Device device) {
        ObjectNode shown = device.document().deepCopy();
        shown.put("service", device.tenant());
        shown.put("entity_name", device.entityName());
        shown.put("entity_type", device.entityType());
        DeviceStatus status = entry.status();
        ObjectNode statusNode = shown.putObject("status");
        if (status.lastSeen() != null) {
            statusNode.put("lastSeen", status.lastSeen().toString());
        }
        statusNode.put("accepted", status.accepted()).put("refused", status.refused());
        ArrayNode errors = statusNode.putArray("lastErrors");
        status.lastErrors().forEach(error -> errors.addObject().put("at", error.at().toString()).put("reason", error.reason()));
        return shown;
    }
}
