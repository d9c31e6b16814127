package be.belfort.query;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GeoQueryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SQUARE = "[[[3.70,51.00],[3.80,51.00],[3.80,51.10],[3.70,51.10],[3.70,51.00]]]";
    private static final String SQUARE_WITH_HOLE = "[[[3.70,51.00],[3.80,51.00],[3.80,51.10],[3.70,51.10],[3.70,51.00]],"
            + "[[3.74,51.04],[3.76,51.04],[3.76,51.06],[3.74,51.06],[3.74,51.04]]]";

    @Test
    void geodesicDistancesMatchKnownValues() {
        // Gent Sint-Pieters station to the Belfry of Gent: about 2.2 km.
        GeoQuery near = query("near;maxDistance==2300", "Point", "[3.7108,51.0359]");
        assertThat(near.matches(point(3.7249, 51.0536))).isTrue();
        assertThat(query("near;maxDistance==2000", "Point", "[3.7108,51.0359]").matches(point(3.7249, 51.0536))).isFalse();
        assertThat(query("near;minDistance==2000", "Point", "[3.7108,51.0359]").matches(point(3.7249, 51.0536))).isTrue();
        // One degree of latitude at 51 degrees north is 111.25 km on WGS 84.
        double metres = Geometries.geodesicDistance(Geometries.read(point(3, 50.5)), Geometries.read(point(3, 51.5)));
        assertThat(metres).isCloseTo(111_252, within(50.0));
    }

    @Test
    void nearMeasuresToTheNearestPointOfLinesAndPolygons() {
        GeoQuery near = query("near;maxDistance==800", "Point", "[3.75,51.107]");
        assertThat(near.matches(json("{\"type\":\"Polygon\",\"coordinates\":" + SQUARE + "}"))).isTrue();
        assertThat(query("near;maxDistance==700", "Point", "[3.75,51.107]")
                .matches(json("{\"type\":\"Polygon\",\"coordinates\":" + SQUARE + "}"))).isFalse();
        assertThat(near.matches(json("{\"type\":\"LineString\",\"coordinates\":[[3.70,51.10],[3.80,51.10]]}"))).isTrue();
    }

    @Test
    void topologicalRelationsHonourHoles() {
        GeoQuery within = query("within", "Polygon", SQUARE_WITH_HOLE);
        assertThat(within.matches(point(3.72, 51.02))).isTrue();
        assertThat(within.matches(point(3.75, 51.05))).as("in the hole").isFalse();
        assertThat(within.matches(point(3.90, 51.05))).isFalse();
        assertThat(query("intersects", "Polygon", SQUARE).matches(
                json("{\"type\":\"LineString\",\"coordinates\":[[3.6,51.05],[3.75,51.05]]}"))).isTrue();
        assertThat(query("disjoint", "Polygon", SQUARE).matches(point(3.9, 51.05))).isTrue();
        assertThat(query("contains", "Point", "[3.75,51.05]").matches(
                json("{\"type\":\"Polygon\",\"coordinates\":" + SQUARE + "}"))).isTrue();
        assertThat(query("equals", "Point", "[3.75,51.05]").matches(point(3.75, 51.05))).isTrue();
        assertThat(query("overlaps", "Polygon", SQUARE).matches(json("{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[3.75,51.05],[3.85,51.05],[3.85,51.15],[3.75,51.15],[3.75,51.05]]]}"))).isTrue();
        assertThat(query("within", "MultiPolygon", "[" + SQUARE + "]").matches(point(3.72, 51.02))).isTrue();
    }

    @Test
    void theSearchBoxHoldsEveryMatch() {
        GeoQuery near = query("near;maxDistance==2000", "Point", "[4.4,51.2]");
        Envelope box = near.searchBox();
        for (int bearing = 0; bearing < 360; bearing += 15) {
            var line = net.sf.geographiclib.Geodesic.WGS84.Direct(51.2, 4.4, bearing, 1999);
            assertThat(box.contains(line.lon2, line.lat2)).as("bearing " + bearing).isTrue();
        }
        assertThat(query("disjoint", "Point", "[4.4,51.2]").searchBox()).isNull();
    }

    @Test
    void badGeoQueriesAreRefusedWithReasons() {
        assertThatThrownBy(() -> query("near", "Point", "[4,51]")).hasMessageContaining("near needs one distance");
        assertThatThrownBy(() -> query("near;maxDistance==-5", "Point", "[4,51]")).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> query("near;farDistance==5", "Point", "[4,51]")).hasMessageContaining("maxDistance");
        assertThatThrownBy(() -> query("touches", "Point", "[4,51]")).hasMessageContaining("Unknown georel");
        assertThatThrownBy(() -> query("within", "Polygon", "[[[0,0],[1,0],[1,1],[0,1]]]"))
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> query("within", "Polygon", "[[[0,0],[1,1],[1,0],[0,1],[0,0]]]"))
                .hasMessageContaining("not a valid geometry");
        assertThatThrownBy(() -> query("within", "Point", "[200,51]")).hasMessageContaining("outside");
        assertThatThrownBy(() -> query("within", "Point", "[4,")).hasMessageContaining("not a JSON array");
        assertThatThrownBy(() -> GeoQuery.of("within", null, null, null)).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("needs both geometry and coordinates");
        assertThatThrownBy(() -> GeoQuery.of(null, "Point", TextNode.valueOf("[4,51]"), null))
                .hasMessageContaining("needs georel");
    }

    private static GeoQuery query(String georel, String geometry, String coordinates) {
        return GeoQuery.of(georel, geometry, TextNode.valueOf(coordinates), null);
    }

    private static JsonNode point(double longitude, double latitude) {
        return json("{\"type\":\"Point\",\"coordinates\":[" + longitude + "," + latitude + "]}");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
