package be.belfort.ingestion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * An IoT Agent service group: devices that share an API key (with a resource, the southbound path), an entity
 * type and attribute mappings.
 *
 * @param document the provisioning document as given, so that a client reads back every member it sent
 *                 ({@code autoprovision}, {@code mqtt} and the IoT Agent members Belfort keeps without using)
 */
public record DeviceGroup(String tenant, String apikey, String resource, String entityType,
                          List<AttributeMapping> attributes, List<StaticAttribute> staticAttributes,
                          boolean explicitAttrs, ObjectNode document) {

    /** Whether a message from a device the group does not know provisions it (the IoT Agents' {@code autoprovision}). */
    public boolean autoprovision() {
        return document.path("autoprovision").asBoolean(false);
    }

    /** The MQTT topic the group declares for its devices, or null. */
    public GroupTopic topic() {
        return GroupTopic.of(document);
    }
}
