package be.belfort.query;

import be.belfort.model.GeoJson;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;


/**
 * A geo-query (clause 4.10): the relation an entity's GeoProperty must have to a reference geometry.
 * Matching is exact, in JTS on longitude/latitude for the topological relations and geodesic (WGS 84)
 * for distances; {@link #searchBox()} gives a box that contains every match, for an index to prefilter.
 *
 * @param relation    the georel
 * @param distance    metres for near (maxDistance or minDistance), else null
 * @param reference   the reference geometry
 * @param geoproperty the GeoProperty to test, as an expanded IRI (or "location" before expansion)
 */
public record GeoQuery(Relation relation, Double distance, Geometry reference, String geoproperty) {
    public static final String DEFAULT_GEOPROPERTY = "location";
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Relation { NEAR_MAX, NEAR_MIN, WITHIN, CONTAINS, INTERSECTS, DISJOINT, OVERLAPS, EQUALS }

    public GeoQuery withGeoproperty(String expanded) {
        return new GeoQuery(relation, distance, reference, expanded);
    }

    /**
     * Builds a geo-query from its parameters, as the URL or a Query body gives them.
     *
     * @param coordinates the coordinates as JSON text (URL form) or a JSON array (body form)
     */
    public static GeoQuery of(String georel, String geometry, JsonNode coordinates, String geoproperty) {
        if (georel == null) {
            throw NgsiLdException.badData("A geo-query needs georel");
        }
        if (geometry == null || coordinates == null || coordinates.isNull()) {
            throw NgsiLdException.badData("The geo-query georel=" + georel
                    + " needs both geometry and coordinates");
        }
        JsonNode parsed = coordinates;
        if (coordinates.isTextual()) {
            try {
                parsed = JSON.readTree(coordinates.asText());
            } catch (java.io.IOException e) {
                throw NgsiLdException.badData("coordinates is not a JSON array of positions: " + coordinates.asText());
            }
        }
        if (parsed == null || !parsed.isArray()) {
            throw NgsiLdException.badData("coordinates must be a JSON array, e.g. [4.72,51.20] for a Point");
        }
        var geoJson = JSON.createObjectNode().put("type", geometry);
        geoJson.set("coordinates", parsed);
        if (geometry.equals("GeometryCollection")) {
            throw NgsiLdException.badData("geometry GeometryCollection cannot be used in a geo-query");
        }
        GeoJson.validate("geometry", geoJson);
        Geometry reference = Geometries.read(geoJson);
        var validity = new org.locationtech.jts.operation.valid.IsValidOp(reference).getValidationError();
        if (validity != null) {
            throw NgsiLdException.badData("The geo-query's " + geometry + " is not a valid geometry: "
                    + validity.getMessage() + " near [" + validity.getCoordinate().x + ", "
                    + validity.getCoordinate().y + "]");
        }
        String property = geoproperty == null || geoproperty.isBlank() ? DEFAULT_GEOPROPERTY : geoproperty;
        return parseRelation(georel, reference, property);
    }

    private static GeoQuery parseRelation(String georel, Geometry reference, String geoproperty) {
        String[] parts = georel.split(";", -1);
        String name = parts[0];
        if (name.equals("near")) {
            if (parts.length != 2) {
                throw NgsiLdException.badData("georel near needs one distance: near;maxDistance==<metres> or "
                        + "near;minDistance==<metres>, not '" + georel + "'");
            }
            String[] modifier = parts[1].split("==", -1);
            if (modifier.length != 2 || !(modifier[0].equals("maxDistance") || modifier[0].equals("minDistance"))) {
                throw NgsiLdException.badData("georel near takes maxDistance==<metres> or minDistance==<metres>, not '"
                        + parts[1] + "'");
            }
            double metres;
            try {
                metres = Double.parseDouble(modifier[1]);
            } catch (NumberFormatException e) {
                throw NgsiLdException.badData("The distance in georel must be a number of metres, not '"
                        + modifier[1] + "'");
            }
            if (!(metres >= 0) || Double.isInfinite(metres)) {
                throw NgsiLdException.badData("The distance in georel must be 0 or more metres, not " + modifier[1]);
            }
            Relation relation = modifier[0].equals("maxDistance") ? Relation.NEAR_MAX : Relation.NEAR_MIN;
            return new GeoQuery(relation, metres, reference, geoproperty);
        }
        if (parts.length != 1) {
            throw NgsiLdException.badData("georel " + name + " takes no modifiers: '" + georel + "'");
        }
        Relation relation = switch (name) {
            case "within" -> Relation.WITHIN;
            case "contains" -> Relation.CONTAINS;
            case "intersects" -> Relation.INTERSECTS;
            case "disjoint" -> Relation.DISJOINT;
            case "overlaps" -> Relation.OVERLAPS;
            case "equals" -> Relation.EQUALS;
            default -> throw NgsiLdException.badData("Unknown georel '" + name
                    + "'; use near, within, contains, intersects, disjoint, overlaps or equals");
        };
        if ((relation == Relation.WITHIN) && reference.getDimension() < 2) {
            throw NgsiLdException.badData("georel within needs a Polygon or MultiPolygon geometry");
        }
        return new GeoQuery(relation, null, reference, geoproperty);
    }

    /** True when a GeoProperty value (a GeoJSON geometry) has this relation to the reference geometry. */
    public boolean matches(JsonNode value) {
        Geometry geometry;
        try {
            geometry = Geometries.read(value);
        } catch (RuntimeException e) {
            return false;
        }
        return switch (relation) {
            case NEAR_MAX -> Geometries.geodesicDistance(reference, geometry) <= distance;
            case NEAR_MIN -> Geometries.geodesicDistance(reference, geometry) >= distance;
            case WITHIN -> geometry.within(reference);
            case CONTAINS -> geometry.contains(reference);
            case INTERSECTS -> geometry.intersects(reference);
            case DISJOINT -> geometry.disjoint(reference);
            case OVERLAPS -> geometry.overlaps(reference);
            case EQUALS -> geometry.equalsTopo(reference);
        };
    }

    /**
     * A box (longitude/latitude) that the bounding box of every matching geometry meets, or null when
     * matches can lie anywhere (disjoint, minDistance).
     */
    public Envelope searchBox() {
        return switch (relation) {
            case DISJOINT, NEAR_MIN -> null;
            case NEAR_MAX -> Geometries.expandByMetres(reference.getEnvelopeInternal(), distance);
            default -> reference.getEnvelopeInternal();
        };
    }
}
