package be.belfort.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * Structural checks of GeoJSON geometries (RFC 7946) as GeoProperty values must be: the geometry types NGSI-LD
 * allows, which leave out GeometryCollection (ETSI GS CIM 009 v1.8, clause 4.7).
 */
public final class GeoJson {
    private static final Set<String> TYPES = Set.of("Point", "MultiPoint", "LineString", "MultiLineString",
            "Polygon", "MultiPolygon");

    private GeoJson() {
    }

    /** True when the node has the shape of a GeoJSON geometry (its type is a geometry type). */
    public static boolean looksLikeGeometry(JsonNode node) {
        return node != null && node.isObject() && TYPES.contains(node.path("type").asText())
                && (node.has("coordinates") || node.has("geometries"));
    }

    /**
     * Checks a GeoJSON geometry.
     *
     * @throws NgsiLdException BadRequestData naming what is wrong
     */
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A geometry sent as a string of GeoJSON, as a GeoProperty's value may be; checked like any other. */
    public static JsonNode parse(String attribute, String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid(attribute, "the value is a string that is not GeoJSON");
        }
    }

    public static void validate(String attribute, JsonNode geometry) {
        if (geometry == null || !geometry.isObject()) {
            throw invalid(attribute, "the value must be a GeoJSON geometry object");
        }
        String type = geometry.path("type").asText();
        if (type.equals("GeometryCollection")) {
            throw invalid(attribute, "NGSI-LD does not allow a GeometryCollection as a GeoProperty value (clause 4.7);"
                    + " use a MultiPoint, MultiLineString or MultiPolygon, or one GeoProperty per geometry");
        }
        if (!TYPES.contains(type)) {
            throw invalid(attribute, "unknown geometry type '" + type + "'");
        }
        JsonNode coordinates = geometry.get("coordinates");
        if (coordinates == null || !coordinates.isArray()) {
            throw invalid(attribute, "a " + type + " needs a 'coordinates' array");
        }
        switch (type) {
            case "Point" -> position(attribute, coordinates);
            case "MultiPoint" -> positions(attribute, coordinates, 0);
            case "LineString" -> positions(attribute, coordinates, 2);
            case "MultiLineString" -> coordinates.forEach(line -> positions(attribute, line, 2));
            case "Polygon" -> polygon(attribute, coordinates);
            case "MultiPolygon" -> coordinates.forEach(polygon -> polygon(attribute, polygon));
            default -> throw invalid(attribute, "unsupported geometry type " + type);
        }
    }

    private static void polygon(String attribute, JsonNode rings) {
        if (!rings.isArray() || rings.isEmpty()) {
            throw invalid(attribute, "a polygon needs at least one linear ring");
        }
        for (JsonNode ring : rings) {
            positions(attribute, ring, 4);
            if (!ring.get(0).equals(ring.get(ring.size() - 1))) {
                throw invalid(attribute, "a polygon ring must be closed (its first and last positions equal)");
            }
        }
    }

    private static void positions(String attribute, JsonNode positions, int minimum) {
        if (!positions.isArray() || positions.size() < minimum) {
            throw invalid(attribute, "expected an array of at least " + minimum + " positions");
        }
        positions.forEach(position -> position(attribute, position));
    }

    private static void position(String attribute, JsonNode position) {
        if (!position.isArray() || position.size() < 2 || position.size() > 3) {
            throw invalid(attribute, "a position is an array of 2 or 3 numbers");
        }
        for (JsonNode number : position) {
            if (!number.isNumber()) {
                throw invalid(attribute, "a position is an array of 2 or 3 numbers");
            }
        }
        double longitude = position.get(0).asDouble();
        double latitude = position.get(1).asDouble();
        if (longitude < -180 || longitude > 180 || latitude < -90 || latitude > 90) {
            throw invalid(attribute, "position [" + longitude + ", " + latitude
                    + "] is outside longitude -180..180 / latitude -90..90");
        }
    }

    private static NgsiLdException invalid(String attribute, String why) {
        return NgsiLdException.badData("Invalid GeoJSON in GeoProperty '" + attribute + "': " + why);
    }
}
