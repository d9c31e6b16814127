package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static be.belfort.server.QueryLanguageTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** Geo-queries over HTTP: index prefilter plus exact predicates, paging and counting, GeoJSON answers. */
class GeoQueryTest {
    private static final String TENANT = "geo-query";
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final String STATION = "urn:ngsi-ld:OffStreetParking:sint-pieters";
    private static final String BELFRY = "urn:ngsi-ld:OffStreetParking:belfort";
    private static final String DAMPOORT = "urn:ngsi-ld:OffStreetParking:dampoort";
    private static final String ANTWERP = "urn:ngsi-ld:OffStreetParking:antwerpen";
    private static final String ROUTE = "urn:ngsi-ld:Road:r4";
    private static final String AREA = "urn:ngsi-ld:Zone:centrum";
    /** A square around the centre of Gent with a hole around the Belfry. */
    private static final String CENTRE_WITH_HOLE = "[[[3.70,51.03],[3.75,51.03],[3.75,51.07],[3.70,51.07],[3.70,51.03]],"
            + "[[3.72,51.05],[3.73,51.05],[3.73,51.06],[3.72,51.06],[3.72,51.05]]]";

    @BeforeAll
    static void load() {
        String entities = """
            [%s, %s, %s, %s,
             {"id": "%s", "type": "Road", "location": {"type": "GeoProperty",
               "value": {"type": "LineString", "coordinates": [[3.69, 51.02], [3.76, 51.08]]}}},
             {"id": "%s", "type": "Zone", "location": {"type": "GeoProperty",
               "value": {"type": "Polygon", "coordinates": [[[3.71,51.04],[3.74,51.04],[3.74,51.065],[3.71,51.065],[3.71,51.04]]]}}}]
            """.formatted(parking(STATION, 3.7108, 51.0359), parking(BELFRY, 3.7249, 51.0536),
                parking(DAMPOORT, 3.7407, 51.0563), parking(ANTWERP, 4.4211, 51.2172), ROUTE, AREA);
        assertThat(HTTP.post("/ngsi-ld/v1/entityOperations/create", entities, "NGSILD-Tenant", TENANT).status())
                .isEqualTo(201);
    }

    private static String parking(String id, double longitude, double latitude) {
        return """
            {"id": "%s", "type": "OffStreetParking", "free": {"type": "Property", "value": 10},
             "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [%s, %s]}},
             "entrance": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [%s, %s]}}}"""
                .formatted(id, longitude, latitude, String.format(java.util.Locale.ROOT, "%.4f", longitude + 0.01), latitude);
    }

    @Test
    void nearMeasuresGeodesicDistance() {
        // The Belfry is about 2.2 km from the station, Dampoort about 3.2 km.
        assertThat(ids(geo("type=OffStreetParking", "near;maxDistance==2300", "Point", "[3.7108,51.0359]")))
                .containsExactly(BELFRY, STATION);
        assertThat(ids(geo("type=OffStreetParking", "near;maxDistance==2000", "Point", "[3.7108,51.0359]")))
                .containsExactly(STATION);
        assertThat(ids(geo("type=OffStreetParking", "near;minDistance==2300", "Point", "[3.7108,51.0359]")))
                .containsExactly(ANTWERP, DAMPOORT);
        assertThat(ids(geo("", "near;maxDistance==100", "Point", "[3.70,51.0284]"))).as("a line passes close by")
                .containsExactly(ROUTE);
    }

    @Test
    void topologicalRelations() {
        assertThat(ids(geo("", "within", "Polygon", CENTRE_WITH_HOLE))).as("the Belfry is in the hole")
                .containsExactly(DAMPOORT, STATION);
        assertThat(ids(geo("", "intersects", "Polygon", CENTRE_WITH_HOLE))).containsExactly(
                DAMPOORT, STATION, ROUTE, AREA);
        assertThat(ids(geo("type=OffStreetParking", "disjoint", "Polygon", CENTRE_WITH_HOLE)))
                .containsExactly(ANTWERP, BELFRY);
        assertThat(ids(geo("", "contains", "Point", "[3.725,51.05]"))).containsExactly(AREA);
        assertThat(ids(geo("", "equals", "Point", "[4.4211,51.2172]"))).containsExactly(ANTWERP);
        assertThat(ids(geo("", "overlaps", "Polygon", "[[[3.73,51.05],[3.80,51.05],[3.80,51.10],[3.73,51.10],[3.73,51.05]]]")))
                .containsExactly(AREA);
    }

    @Test
    void theIndexFollowsMovesTypeChangesAndDeletes() {
        String id = "urn:ngsi-ld:Bike:mover";
        assertThat(HTTP.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "Bike", "location": {"type": "GeoProperty",
                 "value": {"type": "Point", "coordinates": [5.0, 50.0]}}}""".formatted(id), "NGSILD-Tenant", TENANT)
                .status()).isEqualTo(201);
        assertThat(ids(geo("type=Bike", "near;maxDistance==10", "Point", "[5.0,50.0]"))).containsExactly(id);
        assertThat(HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs", """
                {"location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [5.1, 50.1]}}}""",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        assertThat(ids(geo("type=Bike", "near;maxDistance==10", "Point", "[5.0,50.0]"))).isEmpty();
        assertThat(ids(geo("type=Bike", "near;maxDistance==10", "Point", "[5.1,50.1]"))).containsExactly(id);
        assertThat(HTTP.put("/ngsi-ld/v1/entities/" + id, """
                {"type": "Scooter", "location": {"type": "GeoProperty",
                 "value": {"type": "Point", "coordinates": [5.1, 50.1]}}}""", "NGSILD-Tenant", TENANT).status())
                .isEqualTo(204);
        assertThat(ids(geo("type=Bike", "near;maxDistance==10", "Point", "[5.1,50.1]"))).isEmpty();
        assertThat(ids(geo("type=Scooter", "near;maxDistance==10", "Point", "[5.1,50.1]"))).containsExactly(id);
        assertThat(HTTP.delete("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        assertThat(ids(geo("", "near;maxDistance==10", "Point", "[5.1,50.1]"))).isEmpty();
    }

    @Test
    void anyGeoPropertyCanBeQueried() {
        assertThat(ids(geo("geoproperty=entrance", "near;maxDistance==100", "Point", "[3.7208,51.0359]")))
                .containsExactly(STATION);
        assertThat(ids(geo("", "near;maxDistance==100", "Point", "[3.7208,51.0359]"))).isEmpty();
    }

    @Test
    void geoResultsArePagedAndCounted() {
        String far = "type=OffStreetParking&count=true&limit=1";
        Http.Answer first = geo(far, "near;maxDistance==200000", "Point", "[3.7108,51.0359]");
        assertThat(ids(first)).containsExactly(ANTWERP);
        assertThat(first.header("NGSILD-Results-Count")).isEqualTo("4");
        assertThat(first.header("Link")).contains("rel=\"next\"");
        assertThat(ids(geo(far + "&offset=2", "near;maxDistance==200000", "Point", "[3.7108,51.0359]")))
                .containsExactly(DAMPOORT);
        Http.Answer countOnly = geo("type=OffStreetParking&count=true&limit=0", "within", "Polygon", CENTRE_WITH_HOLE);
        assertThat(countOnly.header("NGSILD-Results-Count")).isEqualTo("2");
    }

    @Test
    void geoJsonAnswersAreFeatureCollections() {
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/entities?type=OffStreetParking&id=" + STATION
                + "&options=keyValues", "NGSILD-Tenant", TENANT, "Accept", "application/geo+json");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualTo("application/geo+json");
        JsonNode collection = answer.json();
        assertThat(collection.get("type").asText()).isEqualTo("FeatureCollection");
        JsonNode feature = collection.get("features").get(0);
        assertThat(feature.get("type").asText()).isEqualTo("Feature");
        assertThat(feature.get("id").asText()).isEqualTo(STATION);
        assertThat(feature.get("geometry").get("coordinates").get(0).asDouble()).isEqualTo(3.7108);
        assertThat(feature.get("properties").get("type").asText()).isEqualTo("OffStreetParking");
        assertThat(feature.get("properties").get("free").asInt()).isEqualTo(10);
        assertThat(collection.get("@context").asText()).contains("ngsi-ld-core-context");

        JsonNode byEntrance = HTTP.get("/ngsi-ld/v1/entities?id=" + STATION + "&geometryProperty=entrance",
                "NGSILD-Tenant", TENANT, "Accept", "application/geo+json").json();
        assertThat(byEntrance.get("features").get(0).get("geometry").get("coordinates").get(0).asDouble())
                .isEqualTo(3.7208);
        assertThat(HTTP.get("/ngsi-ld/v1/entities?type=Road", "NGSILD-Tenant", TENANT, "Accept", "text/csv").status())
                .isEqualTo(406);
    }

    @Test
    void badGeoQueriesAreRefused() {
        assertThat(geo("", "within", "Polygon", "[[[0,0],[1,0],[1,1],[0,1]]]").json().get("detail").asText())
                .contains("closed");
        assertThat(HTTP.get("/ngsi-ld/v1/entities?georel=within", "NGSILD-Tenant", TENANT).errorType())
                .isEqualTo("BadRequestData");
        assertThat(HTTP.get("/ngsi-ld/v1/entities?geometry=Point&coordinates=%5B4,51%5D", "NGSILD-Tenant", TENANT)
                .json().get("detail").asText()).contains("georel");
        assertThat(geo("", "near;maxDistance==x", "Point", "[4,51]").errorType()).isEqualTo("BadRequestData");
        assertThat(geo("", "near;maxDistance==10", "Point", "[4,95]").errorType()).isEqualTo("BadRequestData");
        assertThat(geo("", "near;maxDistance==10", "Circle", "[4,51]").errorType()).isEqualTo("BadRequestData");
    }

    private static Http.Answer geo(String parameters, String georel, String geometry, String coordinates) {
        String query = (parameters.isEmpty() ? "" : parameters + "&") + "georel=" + encode(georel) + "&geometry="
                + geometry + "&coordinates=" + encode(coordinates);
        return HTTP.get("/ngsi-ld/v1/entities?" + query, "NGSILD-Tenant", TENANT);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
