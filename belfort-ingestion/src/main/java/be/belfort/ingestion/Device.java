package be.belfort.ingestion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A provisioned device: which entity it feeds and how its measurements map to attributes.
 *
 * @param apikey its own key, or null when its group's key is its credential
 * @param devEui its LoRaWAN DevEUI (16 upper-case hex digits), or null
 * @param observedAtKey the measurement key that carries the observation time
 * @param document the provisioning document as given
 */
public record Device(String tenant, String deviceId, String entityName, String entityType, String protocol,
                     String apikey, String devEui, String observedAtKey, List<AttributeMapping> attributes,
                     List<StaticAttribute> staticAttributes, boolean explicitAttrs, ObjectNode document) {

    /** The device as its group completes it: the group's mappings for the keys the device does not map itself. */
    public Device within(DeviceGroup group) {
        if (group == null) {
            return this;
        }
        List<AttributeMapping> mappings = new java.util.ArrayList<>(attributes);
        group.attributes().stream()
                .filter(inGroup -> attributes.stream().noneMatch(own -> own.objectId().equals(inGroup.objectId())))
                .forEach(mappings::add);
        List<StaticAttribute> statics = new java.util.ArrayList<>(staticAttributes);
        group.staticAttributes().stream()
                .filter(inGroup -> staticAttributes.stream().noneMatch(own -> own.name().equals(inGroup.name())))
                .forEach(statics::add);
        String type = document.hasNonNull("entity_type") ? entityType : group.entityType();
        String name = document.hasNonNull("entity_name") ? entityName : ProvisioningDocuments.defaultEntityName(type, deviceId);
        return new Device(tenant, deviceId, name, type, protocol, apikey, devEui, observedAtKey, mappings, statics,
                explicitAttrs || group.explicitAttrs(), document);
    }
}
