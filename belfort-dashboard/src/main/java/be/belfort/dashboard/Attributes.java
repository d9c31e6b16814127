package be.belfort.dashboard;

import be.belfort.model.Entity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Reading the values of an entity's attributes (expanded form) for display. */
final class Attributes {
    static final String LOCATION = "https://uri.etsi.org/ngsi-ld/location";

    private Attributes() {
    }

    /** The IRI of the attribute whose name under the core @context is {@code name}, or null. */
    static String find(Entity entity, UnaryOperator<String> compact, String name) {
        for (String iri : entity.attributes().keySet()) {
            if (iri.equals(name) || name.equals(compact.apply(iri))) {
                return iri;
            }
        }
        return null;
    }

    /** The first (default) instance of an attribute, or null. */
    static ObjectNode first(Entity entity, String iri) {
        if (iri == null) {
            return null;
        }
        List<ObjectNode> instances = entity.attributes().get(iri);
        return instances == null || instances.isEmpty() ? null : instances.getFirst();
    }

    /** The value of a Property's first instance, or null. */
    static JsonNode value(Entity entity, String iri) {
        ObjectNode instance = first(entity, iri);
        return instance == null ? null : instance.get("value");
    }

    static Double number(Entity entity, String iri) {
        JsonNode value = value(entity, iri);
        return value != null && value.isNumber() ? value.doubleValue() : null;
    }

    /** The entity's name as text, or its id when it has none. */
    static String name(Entity entity, UnaryOperator<String> compact) {
        JsonNode name = value(entity, find(entity, compact, "name"));
        return name != null && name.isTextual() ? name.asText() : entity.id();
    }

    /** Longitude and latitude of the entity's location when it is a point (or the first point of a shape), or null. */
    static double[] point(Entity entity) {
        JsonNode geometry = value(entity, LOCATION);
        if (geometry == null) {
            return null;
        }
        JsonNode coordinates = geometry.path("coordinates");
        while (coordinates.isArray() && !coordinates.isEmpty() && coordinates.get(0).isArray()) {
            coordinates = coordinates.get(0);
        }
        if (coordinates.isArray() && coordinates.size() >= 2 && coordinates.get(0).isNumber() && coordinates.get(1).isNumber()) {
            return new double[] {coordinates.get(0).doubleValue(), coordinates.get(1).doubleValue()};
        }
        return null;
    }

    /** Plain text of a value: text as is, numbers and lists and objects written out compactly. */
    static String text(JsonNode value, Texts texts) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return texts.get(value.asBoolean() ? "value.yes" : "value.no");
        }
        if (value.isIntegralNumber()) {
            return texts.number(value.longValue());
        }
        if (value.isNumber()) {
            return texts.number(value.doubleValue());
        }
        if (value.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode element : value) {
                joined.append(joined.isEmpty() ? "" : ", ").append(text(element, texts));
            }
            return joined.toString();
        }
        StringBuilder members = new StringBuilder();
        for (Map.Entry<String, JsonNode> member : value.properties()) {
            members.append(members.isEmpty() ? "" : "; ").append(member.getKey()).append(": ")
                    .append(text(member.getValue(), texts));
        }
        return members.toString();
    }
}
