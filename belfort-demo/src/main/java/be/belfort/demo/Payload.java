package be.belfort.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** Builds a normalized NGSI-LD entity. */
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
}
