package be.belfort.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/** Builds a normalized NGSI-LD entity, and gives its keyValues form (what the Smart Data Models schemas describe). */
final class Payload {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ObjectNode entity = NODES.objectNode();

    Payload(String id, String type) {
        entity.put("id", id);
        entity.put("type", type);
    }

    Payload property(String name, Object value) {
        return property(name, value, null);
    }

    Payload property(String name, Object value, Instant observedAt) {
        ObjectNode attribute = entity.putObject(name);
        attribute.put("type", "Property");
        attribute.set("value", Demo.JSON.valueToTree(value));
        if (observedAt != null) {
            attribute.put("observedAt", observedAt.toString());
        }
        return this;
    }

    Payload point(double longitude, double latitude) {
        ObjectNode location = entity.putObject("location");
        location.put("type", "GeoProperty");
        ObjectNode point = location.putObject("value");
        point.put("type", "Point");
        point.putArray("coordinates").add(longitude).add(latitude);
        return this;
    }

    ObjectNode build() {
        return entity;
    }

    /** The keyValues (simplified) form of a normalized entity. */
    static ObjectNode keyValues(ObjectNode normalized) {
        ObjectNode simple = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> members = normalized.properties().iterator(); members.hasNext(); ) {
            Map.Entry<String, JsonNode> member = members.next();
            JsonNode value = member.getValue();
            if (value.isObject() && value.has("value")) {
                simple.set(member.getKey(), value.get("value"));
            } else if (value.isObject() && value.has("object")) {
                simple.set(member.getKey(), value.get("object"));
            } else {
                simple.set(member.getKey(), value);
            }
        }
        return simple;
    }
}
