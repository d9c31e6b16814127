package be.belfort.ingestion;

import be.belfort.jsonld.EntityReader;
import be.belfort.jsonld.LdContext;
import be.belfort.model.NgsiLdException;
import be.belfort.model.Times;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a device's measures into NGSI-LD attribute instances (expanded against the core @context), each checked
 * on its own: a value that does not fit its mapping is refused with the reason and the others go on. The
 * observation time (the device's time key, else the time of receipt) becomes every instance's {@code observedAt};
 * one too far in the future refuses the whole message.
 */
public final class MeasureMapper {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Most attribute names and entity types whose reading is remembered; devices may send keys of any name. */
    private static final int MAX_REMEMBERED = 10_000;
    /** Remembered for a name that cannot hold a plain Property: its measures take the full reading, which says why. */
    private static final String NOT_A_PROPERTY = "";
    private final EntityReader reader = new EntityReader();
    /** The expanded names of attributes whose measures are numbers or booleans, read once per name. */
    private final Map<String, String> propertyNames = new ConcurrentHashMap<>();
    /** Entity types as IRIs, per entity id and type, read once. */
    private final Map<String, String> entityTypes = new ConcurrentHashMap<>();
    private final LdContext core;
    private final Duration maxFutureSkew;

    public MeasureMapper(LdContext core, Duration maxFutureSkew) {
        this.core = core;
        this.maxFutureSkew = maxFutureSkew;
    }

    /** What a message's measures become: the attributes to write, and the refused measures. */
    public record Mapped(Instant observedAt, Map<String, List<ObjectNode>> attributes, List<Refusal> refusals) {
    }

    public Mapped map(Device device, Map<String, JsonNode> measures, Instant receivedAt) {
        Instant observedAt = observedAt(device, measures.get(device.observedAtKey()), receivedAt);
        String stamp = observedAt.toString();
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        List<Refusal> refusals = new ArrayList<>();
        measures.forEach((key, value) -> {
            if (key.equals(device.observedAtKey())) {
                return;
            }
            Optional<AttributeMapping> mapping = device.attributes().stream()
                    .filter(candidate -> candidate.objectId().equals(key)).findFirst();
            if (mapping.isEmpty() && device.explicitAttrs()) {
                return;
            }
            AttributeMapping used = mapping.orElseGet(() -> new AttributeMapping(key, key, "Property", null, null, null));
            try {
                ObjectNode instance = instance(used, value);
                instance.put("observedAt", stamp);
                String plainProperty = isPlainProperty(used, instance) ? propertyName(used.name()) : NOT_A_PROPERTY;
                if (plainProperty.equals(NOT_A_PROPERTY)) {
                    attributes.putAll(expand(used.name(), instance));
                } else {
                    // What the full reading would give: the instance as built, under its expanded name.
                    attributes.put(plainProperty, List.of(instance));
                }
            } catch (NgsiLdException e) {
                refusals.add(new Refusal(key, e.detail()));
            }
        });
        return new Mapped(observedAt, attributes, refusals);
    }

    /** The attributes a device's entity starts with: its static attributes, expanded and checked. */
    public Map<String, List<ObjectNode>> staticAttributes(Device device) {
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        for (StaticAttribute attribute : device.staticAttributes()) {
            try {
                attributes.putAll(expand(attribute.name(), instance(
                        new AttributeMapping(attribute.name(), attribute.name(), attribute.type(), null, null, null),
                        attribute.value())));
            } catch (NgsiLdException e) {
                throw NgsiLdException.badData("Static attribute '" + attribute.name() + "': " + e.detail());
            }
        }
        return attributes;
    }

    /** The entity type as an IRI; refuses a type that is not a valid name. */
    public String entityType(Device device) {
        String key = device.entityName() + '\u0000' + device.entityType();
        String known = entityTypes.get(key);
        if (known != null) {
            return known;
        }
        ObjectNode entity = NODES.objectNode().put("id", device.entityName()).put("type", device.entityType());
        String type = reader.readEntity(entity, core, null).types().getFirst();
        remember(entityTypes, key, type);
        return type;
    }

    /**
     * Whether an instance is a Property whose value is a number or a boolean, with nothing but its observation
     * time and unit: all the full reading checks of such an instance is its name.
     */
    private static boolean isPlainProperty(AttributeMapping mapping, ObjectNode instance) {
        JsonNode value = instance.get("value");
        return "Property".equals(instance.path("type").asText()) && value != null
                && (value.isNumber() || value.isBoolean()) && instance.size() == (mapping.unitCode() == null ? 3 : 4);
    }

    /** The expanded name of an attribute holding a plain Property, or {@link #NOT_A_PROPERTY}. */
    private String propertyName(String name) {
        String known = propertyNames.get(name);
        if (known != null) {
            return known;
        }
        String expanded;
        try {
            expanded = expand(name, NODES.objectNode().put("type", "Property").put("value", 0)).keySet().iterator().next();
        } catch (NgsiLdException e) {
            expanded = NOT_A_PROPERTY;
        }
        remember(propertyNames, name, expanded);
        return expanded;
    }

    private static void remember(Map<String, String> readings, String key, String reading) {
        if (readings.size() < MAX_REMEMBERED) {
            readings.put(key, reading);
        }
    }

    /** Checks that the device's entity can be created: a valid id and type, and valid static attributes. */
    public void check(Device device) {
        entityType(device);
        staticAttributes(device);
        for (AttributeMapping mapping : device.attributes()) {
            reader.attributeName(mapping.name(), core);
        }
    }

    private Map<String, List<ObjectNode>> expand(String name, ObjectNode instance) {
        ObjectNode fragment = NODES.objectNode();
        fragment.set(name, instance);
        return reader.readAttributes(fragment, core, null, EntityReader.Nulls.REJECT);
    }

    private Instant observedAt(Device device, JsonNode given, Instant receivedAt) {
        if (given == null || given.isNull()) {
            return receivedAt;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(given.asText()).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw NgsiLdException.badData("'" + device.observedAtKey() + "' is not a date-time with an offset, such as"
                    + " 2026-12-01T10:00:00Z: " + given.asText());
        }
        Times.requireInRange("'" + device.observedAtKey() + "'", at, given.asText());
        if (at.isAfter(receivedAt.plus(maxFutureSkew))) {
            throw NgsiLdException.badData("The observation time " + at + " is more than " + maxFutureSkew.toSeconds()
                    + " s ahead of the platform's clock (" + receivedAt + ")");
        }
        return at;
    }

    /** One attribute in the NGSI-LD normalized form, from a value and its mapping. */
    static ObjectNode instance(AttributeMapping mapping, JsonNode value) {
        ObjectNode instance = NODES.objectNode();
        switch (mapping.type()) {
            case "Number", "Float", "Double", "Integer" -> instance.put("type", "Property")
                    .set("value", number(mapping, value));
            case "Text", "String" -> {
                if (value.isContainerNode() || value.isNull()) {
                    throw NgsiLdException.badData("expected text, got " + value.getNodeType().name().toLowerCase());
                }
                instance.put("type", "Property").put("value", value.asText());
            }
            case "Boolean" -> instance.put("type", "Property").put("value", bool(value));
            case "DateTime" -> {
                try {
                    String text = OffsetDateTime.parse(value.asText()).toInstant().toString();
                    instance.put("type", "Property").putObject("value").put("@type", "DateTime").put("@value", text);
                } catch (DateTimeParseException e) {
                    throw NgsiLdException.badData("expected a date-time such as 2026-12-01T10:00:00Z, got " + value);
                }
            }
            case "geo:point" -> instance.put("type", "GeoProperty").set("value", point(value));
            case "geo:json", "GeoProperty" -> instance.put("type", "GeoProperty").set("value", value);
            case "Relationship" -> {
                if (!value.isTextual()) {
                    throw NgsiLdException.badData("a Relationship needs an entity id as text, got " + value);
                }
                instance.put("type", "Relationship").put("object", value.asText());
            }
            default -> instance.put("type", "Property").set("value", value);
        }
        if (mapping.unitCode() != null) {
            instance.put("unitCode", mapping.unitCode());
        }
        return instance;
    }

    private static JsonNode number(AttributeMapping mapping, JsonNode value) {
        BigDecimal number;
        if (value.isNumber()) {
            number = value.decimalValue();
        } else if (value.isTextual()) {
            try {
                number = new BigDecimal(value.asText().strip());
            } catch (NumberFormatException e) {
                throw NgsiLdException.badData("expected a number, got '" + value.asText() + "'");
            }
        } else {
            throw NgsiLdException.badData("expected a number, got " + value.getNodeType().name().toLowerCase());
        }
        boolean integer = mapping.type().equals("Integer");
        if (integer && number.stripTrailingZeros().scale() > 0) {
            throw NgsiLdException.badData("expected an integer, got " + number.toPlainString());
        }
        if (mapping.scale() == null && mapping.offset() == null) {
            return integer ? NODES.numberNode(number.longValue()) : NODES.numberNode(number.doubleValue());
        }
        double scaled = number.doubleValue() * (mapping.scale() == null ? 1 : mapping.scale())
                + (mapping.offset() == null ? 0 : mapping.offset());
        if (!Double.isFinite(scaled)) {
            throw NgsiLdException.badData("the scaled value is not a finite number");
        }
        return NODES.numberNode(scaled);
    }

    private static boolean bool(JsonNode value) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = value.isTextual() ? value.asText().strip() : "";
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw NgsiLdException.badData("expected true or false, got " + value);
    }

    /**
     * The IoT Agents' {@code geo:point} is "latitude, longitude" (or, as a decoded GPS gives it, an object with
     * {@code latitude} and {@code longitude}); GeoJSON is longitude first.
     */
    private static JsonNode point(JsonNode value) {
        if (value.isObject() && value.path("latitude").isNumber() && value.path("longitude").isNumber()) {
            return point(com.fasterxml.jackson.databind.node.TextNode.valueOf(value.get("latitude").asText() + ","
                    + value.get("longitude").asText()));
        }
        String[] parts = value.isTextual() ? value.asText().split(",") : new String[0];
        if (parts.length != 2) {
            throw NgsiLdException.badData("a geo:point is \"latitude, longitude\", got " + value);
        }
        try {
            double latitude = Double.parseDouble(parts[0].strip());
            double longitude = Double.parseDouble(parts[1].strip());
            ObjectNode point = NODES.objectNode().put("type", "Point");
            point.putArray("coordinates").add(longitude).add(latitude);
            return point;
        } catch (NumberFormatException e) {
            throw NgsiLdException.badData("a geo:point is \"latitude, longitude\", got " + value);
        }
    }
}
