package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the IoT Agent provisioning documents ({@code services} and {@code devices} members, as in the FIWARE
 * IoT Agent library's API) into device groups and devices, refusing what could not work with a clear reason.
 * Members Belfort does not use (cbroker, lazy, commands, transport…) are kept in the document as given.
 */
public final class ProvisioningDocuments {
    /** The IoT Agent's default entity type. */
    public static final String DEFAULT_ENTITY_TYPE = "Thing";
    /** The measurement key the IoT Agents read the observation time from. */
    public static final String DEFAULT_OBSERVED_AT_KEY = "TimeInstant";
    private static final Pattern DEV_EUI = Pattern.compile("[0-9A-Fa-f]{16}");
    private static final Pattern TEXT = Pattern.compile("[^\\p{Cntrl}]{1,256}");
    private static final int MAX_ATTRIBUTES = 200;

    private ProvisioningDocuments() {
    }

    /** The elements of a {@code {"services": [...]}} or {@code {"devices": [...]}} document. */
    public static List<ObjectNode> elements(JsonNode body, String member) {
        JsonNode list = body.path(member);
        if (!body.isObject() || !list.isArray() || list.isEmpty()) {
            throw NgsiLdException.badData("The payload must be an object with a non-empty '" + member + "' array");
        }
        List<ObjectNode> elements = new ArrayList<>();
        for (JsonNode element : list) {
            if (!element.isObject()) {
                throw NgsiLdException.badData("Each element of '" + member + "' must be an object");
            }
            elements.add((ObjectNode) element);
        }
        return elements;
    }

    public static DeviceGroup group(String tenant, ObjectNode document) {
        String apikey = requiredText(document, "apikey");
        // MQTT-only groups have an empty resource, as in the IoT Agents' examples.
        String resource = document.path("resource").isTextual() && document.get("resource").asText().isEmpty() ? ""
                : optionalText(document, "resource", "/iot/json");
        GroupTopic.of(document);
        return new DeviceGroup(tenant, apikey, resource, optionalText(document, "entity_type", DEFAULT_ENTITY_TYPE),
                mappings(document), statics(document), document.path("explicitAttrs").asBoolean(false), document);
    }

    public static Device device(String tenant, ObjectNode document) {
        String deviceId = requiredText(document, "device_id");
        String entityType = optionalText(document, "entity_type", DEFAULT_ENTITY_TYPE);
        String entityName = optionalText(document, "entity_name", defaultEntityName(entityType, deviceId));
        String devEui = optionalText(document, "dev_eui", null);
        if (devEui == null) {
            devEui = optionalText(document.path("lorawan"), "dev_eui", null);
        }
        if (devEui != null && !DEV_EUI.matcher(devEui).matches()) {
            throw NgsiLdException.badData("'dev_eui' must be 16 hexadecimal digits, not '" + devEui + "'");
        }
        Datex2Feed.of(document);
        return new Device(tenant, deviceId, entityName, entityType, optionalText(document, "protocol", null),
                optionalText(document, "apikey", null), devEui == null ? null : devEui.toUpperCase(Locale.ROOT),
                optionalText(document, "observed_at_key", DEFAULT_OBSERVED_AT_KEY), mappings(document),
                statics(document), document.path("explicitAttrs").asBoolean(false), document);
    }

    /** The IoT Agent for NGSI-LD names a device's entity {@code urn:ngsi-ld:<type>:<device id>} by default. */
    public static String defaultEntityName(String entityType, String deviceId) {
        return "urn:ngsi-ld:" + entityType + ":" + deviceId;
    }

    /** A document updated with the members of a PUT, as the IoT Agent's update does (members replaced whole). */
    public static ObjectNode updated(ObjectNode document, JsonNode changes, String... fixed) {
        if (!changes.isObject()) {
            throw NgsiLdException.badData("The payload must be a JSON object of the members to change");
        }
        ObjectNode result = document.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            if (List.of(fixed).contains(member.getKey()) && !member.getValue().equals(document.get(member.getKey()))) {
                throw NgsiLdException.badData("'" + member.getKey() + "' cannot change; delete and provision again");
            }
            result.set(member.getKey(), member.getValue());
        }
        return result;
    }

    private static List<AttributeMapping> mappings(ObjectNode document) {
        List<AttributeMapping> mappings = new ArrayList<>();
        for (JsonNode attribute : list(document, "attributes")) {
            String name = requiredText(attribute, "name");
            String objectId = optionalText(attribute, "object_id", name);
            if (mappings.stream().anyMatch(other -> other.objectId().equals(objectId))) {
                throw NgsiLdException.badData("Two attributes map the key '" + objectId + "'");
            }
            String unitCode = optionalText(attribute, "unitCode",
                    optionalText(attribute.path("metadata").path("unitCode"), "value", null));
            mappings.add(new AttributeMapping(objectId, name, optionalText(attribute, "type", "Property"), unitCode,
                    number(attribute, "scale"), number(attribute, "offset")));
        }
        return List.copyOf(mappings);
    }

    private static List<StaticAttribute> statics(ObjectNode document) {
        List<StaticAttribute> statics = new ArrayList<>();
        for (JsonNode attribute : list(document, "static_attributes")) {
            if (!attribute.has("value")) {
                throw NgsiLdException.badData("Static attribute '" + attribute.path("name").asText() + "' has no 'value'");
            }
            statics.add(new StaticAttribute(requiredText(attribute, "name"), optionalText(attribute, "type", "Property"),
                    attribute.get("value")));
        }
        return List.copyOf(statics);
    }

    private static List<JsonNode> list(ObjectNode document, String member) {
        JsonNode list = document.get(member);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray() || list.size() > MAX_ATTRIBUTES) {
            throw NgsiLdException.badData("'" + member + "' must be an array of at most " + MAX_ATTRIBUTES + " objects");
        }
        List<JsonNode> elements = new ArrayList<>();
        for (JsonNode element : list) {
            if (!element.isObject()) {
                throw NgsiLdException.badData("Each element of '" + member + "' must be an object");
            }
            elements.add(element);
        }
        return elements;
    }

    private static Double number(JsonNode attribute, String member) {
        JsonNode value = attribute.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw NgsiLdException.badData("'" + member + "' of attribute '" + attribute.path("name").asText()
                    + "' must be a number");
        }
        return value.asDouble();
    }

    static String requiredText(JsonNode object, String member) {
        String text = optionalText(object, member, null);
        if (text == null) {
            throw NgsiLdException.badData("'" + member + "' is required");
        }
        return text;
    }

    static String optionalText(JsonNode object, String member, String otherwise) {
        JsonNode value = object.get(member);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isTextual() || !TEXT.matcher(value.asText()).matches()) {
            throw NgsiLdException.badData("'" + member + "' must be text of 1 to 256 characters without control characters");
        }
        return value.asText();
    }
}
