package be.belfort.query;

import com.fasterxml.jackson.databind.JsonNode;
import net.sf.geographiclib.Geodesic;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.distance.DistanceOp;

/** GeoJSON to JTS, and distances on the WGS 84 ellipsoid (GeographicLib). Coordinates are longitude, latitude. */
public final class Geometries {
    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);
    /** Fewest metres in a degree of latitude (at the equator); dividing by it over-estimates degrees. */
    private static final double MIN_METRES_PER_DEGREE_LATITUDE = 110_574;
    private static final double METRES_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111_320;

    private Geometries() {
    }

    /** Reads a GeoJSON geometry (already validated). */
    public static Geometry read(JsonNode geoJson) {
        String type = geoJson.path("type").asText();
        JsonNode c = geoJson.get("coordinates");
        return switch (type) {
            case "Point" -> FACTORY.createPoint(position(c));
            case "MultiPoint" -> FACTORY.createMultiPointFromCoords(positions(c));
            case "LineString" -> FACTORY.createLineString(positions(c));
            case "MultiLineString" -> {
                var lines = new org.locationtech.jts.geom.LineString[c.size()];
                for (int i = 0; i < lines.length; i++) {
                    lines[i] = FACTORY.createLineString(positions(c.get(i)));
                }
                yield FACTORY.createMultiLineString(lines);
            }
            case "Polygon" -> polygon(c);
            case "MultiPolygon" -> {
                Polygon[] polygons = new Polygon[c.size()];
                for (int i = 0; i < polygons.length; i++) {
                    polygons[i] = polygon(c.get(i));
                }
                yield FACTORY.createMultiPolygon(polygons);
            }
            case "GeometryCollection" -> {
                JsonNode members = geoJson.get("geometries");
                Geometry[] geometries = new Geometry[members.size()];
                for (int i = 0; i < geometries.length; i++) {
                    geometries[i] = read(members.get(i));
                }
                yield FACTORY.createGeometryCollection(geometries);
            }
            default -> throw new IllegalArgumentException("not a GeoJSON geometry: " + type);
        };
    }

    private static Polygon polygon(JsonNode rings) {
        LinearRing shell = FACTORY.createLinearRing(positions(rings.get(0)));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = FACTORY.createLinearRing(positions(rings.get(i)));
        }
        return FACTORY.createPolygon(shell, holes);
    }

    private static Coordinate[] positions(JsonNode array) {
        Coordinate[] coordinates = new Coordinate[array.size()];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = position(array.get(i));
        }
        return coordinates;
    }

    private static Coordinate position(JsonNode position) {
        return new Coordinate(position.get(0).asDouble(), position.get(1).asDouble());
    }

    /**
     * The geodesic distance in metres between the nearest points of two geometries (0 when they meet).
     * The nearest points are found in a local equirectangular projection around the first geometry,
     * then measured exactly on the ellipsoid.
     */
    public static double geodesicDistance(Geometry from, Geometry to) {
        if (from.getNumPoints() == 1 && to.getNumPoints() == 1) {
            return metres(from.getCoordinate(), to.getCoordinate());
        }
        if (from.intersects(to)) {
            return 0;
        }
        double scale = Math.cos(Math.toRadians(from.getEnvelopeInternal().centre().y));
        Coordinate[] nearest = DistanceOp.nearestPoints(project(from, scale), project(to, scale));
        return metres(unproject(nearest[0], scale), unproject(nearest[1], scale));
    }

    private static double metres(Coordinate a, Coordinate b) {
        return Geodesic.WGS84.Inverse(a.y, a.x, b.y, b.x).s12;
    }

    private static Geometry project(Geometry geometry, double scale) {
        Geometry copy = geometry.copy();
        copy.apply((CoordinateFilter) c -> c.x = c.x * scale);
        copy.geometryChanged();
        return copy;
    }

    private static Coordinate unproject(Coordinate c, double scale) {
        return new Coordinate(c.x / scale, c.y);
    }

    /** The envelope grown by at least the given metres on every side (whole longitudes near the poles). */
    public static Envelope expandByMetres(Envelope envelope, double metres) {
        double dLat = metres / MIN_METRES_PER_DEGREE_LATITUDE;
        double minLat = Math.max(-90, envelope.getMinY() - dLat);
        double maxLat = Math.min(90, envelope.getMaxY() + dLat);
        double widest = Math.max(Math.abs(minLat), Math.abs(maxLat));
        double cos = Math.cos(Math.toRadians(widest));
        double dLon = cos < 1e-6 ? 360 : metres / (METRES_PER_DEGREE_LONGITUDE_AT_EQUATOR * cos) * 1.01;
        double minLon = envelope.getMinX() - dLon;
        double maxLon = envelope.getMaxX() + dLon;
        if (minLon < -180 || maxLon > 180) {
            minLon = -180;
            maxLon = 180;
        }
        return new Envelope(minLon, maxLon, minLat, maxLat);
    }
}
