package be.belfort.server;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entity ordering (ETSI GS CIM 009 v1.9.1): {@code orderBy} on Query Entities and {@code ordering.orderBy} in
 * the Query body, keys in the attribute-path syntax of q with {@code ;asc} (default) or {@code ;desc}. Belfort
 * puts entities without the value last and breaks ties by id, so paging stays exact.
 */
class OrderByTest {
    private static final String TENANT = "orderby";
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    @BeforeAll
    static void createParkings() {
        create("p1", "\"spots\": {\"type\": \"Property\", \"value\": 10, \"observedAt\": \"2024-01-03T00:00:00Z\"},"
                + " \"name\": {\"type\": \"Property\", \"value\": \"Zuid\"},"
                + " \"address\": {\"type\": \"Property\", \"value\": {\"city\": \"Gent\"}}", 3.72);
        create("p2", "\"spots\": {\"type\": \"Property\", \"value\": 200, \"observedAt\": \"2024-01-01T00:00:00Z\"},"
                + " \"name\": {\"type\": \"Property\", \"value\": \"Arena\"},"
                + " \"address\": {\"type\": \"Property\", \"value\": {\"city\": \"Brugge\"}}", 3.73);
        create("p3", "\"spots\": {\"type\": \"Property\", \"value\": 10}, \"name\": {\"type\": \"Property\", \"value\": \"Centrum\"}",
                3.74);
        create("p4", "\"name\": {\"type\": \"Property\", \"value\": \"Dok\"}", 3.75);
        create("p5", "\"spots\": {\"type\": \"Property\", \"value\": 5.5}, \"name\": {\"type\": \"Property\", \"value\": \"Bos\"}",
                9.0);
    }

    private static void create(String id, String attributes, double longitude) {
        Http.Answer created = HTTP.post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:OffStreetParking:%s", "type": "OffStreetParking", %s,
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [%s, 51.05]}}}"""
                .formatted(id, attributes, longitude), "NGSILD-Tenant", TENANT);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static List<String> order(String query) {
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/entities?type=OffStreetParking&" + query, "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return ids(answer);
    }

    private static List<String> ids(Http.Answer answer) {
        List<String> ids = new ArrayList<>();
        answer.json().forEach(entity -> ids.add(entity.get("id").asText().substring("urn:ngsi-ld:OffStreetParking:".length())));
        return ids;
    }

    @Test
    void ascendingByDefaultDescendingOnRequestMissingValuesLastTiesById() {
        assertThat(order("orderBy=spots")).containsExactly("p5", "p1", "p3", "p2", "p4");
        assertThat(order("orderBy=spots;asc")).containsExactly("p5", "p1", "p3", "p2", "p4");
        assertThat(order("orderBy=spots;desc")).containsExactly("p2", "p1", "p3", "p5", "p4");
        assertThat(order("orderBy=name")).containsExactly("p2", "p5", "p3", "p4", "p1");
        assertThat(order("orderBy=id;desc")).containsExactly("p5", "p4", "p3", "p2", "p1");
        assertThat(order("")).as("without orderBy: id order").containsExactly("p1", "p2", "p3", "p4", "p5");
    }

    @Test
    void severalKeysSubAttributesAndJsonKeys() {
        assertThat(order("orderBy=spots;desc,name")).containsExactly("p2", "p3", "p1", "p5", "p4");
        assertThat(order("orderBy=address[city]")).containsExactly("p2", "p1", "p3", "p4", "p5");
        assertThat(order("orderBy=spots.observedAt")).containsExactly("p2", "p1", "p3", "p4", "p5");
        assertThat(order("orderBy=spots;desc&q=spots%3C100")).as("with q").containsExactly("p1", "p3", "p5");
    }

    @Test
    void pagesOfAnOrderedQueryFollowEachOtherWithoutGapOrOverlap() {
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 5; offset += 2) {
            paged.addAll(order("orderBy=spots&limit=2&offset=" + offset));
        }
        assertThat(paged).containsExactly("p5", "p1", "p3", "p2", "p4");
        Http.Answer first = HTTP.get("/ngsi-ld/v1/entities?type=OffStreetParking&orderBy=spots;desc&limit=2",
                "NGSILD-Tenant", TENANT);
        assertThat(first.header("Link")).as("the next page keeps the order").contains("orderBy=spots%3Bdesc");
    }

    @Test
    void theQueryBodyOrdersByItsOrderingMember() {
        Http.Answer answer = HTTP.post("/ngsi-ld/v1/entityOperations/query", """
                {"type": "Query", "entities": [{"type": "OffStreetParking"}],
                 "ordering": {"orderBy": ["spots;desc", "name"]}}""", "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(ids(answer)).containsExactly("p2", "p3", "p1", "p5", "p4");
        Http.Answer single = HTTP.post("/ngsi-ld/v1/entityOperations/query", """
                {"type": "Query", "entities": [{"type": "OffStreetParking"}], "ordering": {"orderBy": "name;desc"}}""",
                "NGSILD-Tenant", TENANT);
        assertThat(ids(single)).containsExactly("p1", "p4", "p3", "p5", "p2");
    }

    @Test
    void aGeoQueryIsOrderedToo() {
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/entities?type=OffStreetParking&georel=near;maxDistance==10000"
                + "&geometry=Point&coordinates=%5B3.72,51.05%5D&orderBy=spots;desc&limit=2&count=true",
                "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(ids(answer)).containsExactly("p2", "p1");
        assertThat(answer.header("NGSILD-Results-Count")).as("p5 is far away").isEqualTo("4");
    }

    @Test
    void malformedOrderingIsBadRequestDataAndDistanceOrderingIsNotSupported() {
        for (String bad : List.of("spots;up", "spots;", "spots,,name", "spots%3E1", "%5Bspots%5D", "")) {
            Http.Answer answer = HTTP.get("/ngsi-ld/v1/entities?type=OffStreetParking&orderBy=" + bad, "NGSILD-Tenant", TENANT);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.errorType()).as(bad).isEqualTo("BadRequestData");
        }
        for (String bad : List.of("orderBy=location;dist-asc", "orderBy=location;dist-asc&orderFrom=%5B3.72,51.05%5D",
                "orderBy=location;dist-asc&orderGeometry=Point&orderFrom=%5B3.72%5D",
                "orderBy=location;dist-asc&orderGeometry=Point&orderFrom=oops",
                "orderBy=spots&orderGeometry=Point&orderFrom=%5B3.72,51.05%5D", "orderGeometry=Point&orderFrom=%5B3,51%5D")) {
            Http.Answer answer = HTTP.get("/ngsi-ld/v1/entities?type=OffStreetParking&" + bad, "NGSILD-Tenant", TENANT);
            assertThat(answer.status()).as(bad).isEqualTo(400);
        }
        Http.Answer collation = HTTP.get("/ngsi-ld/v1/entities?type=OffStreetParking&orderBy=name&collation=nl",
                "NGSILD-Tenant", TENANT);
        assertThat(collation.status()).isEqualTo(422);
        assertThat(collation.errorType()).isEqualTo("OperationNotSupported");
        for (String ordering : List.of("{\"orderBy\": 3}", "\"spots\"", "{}", "{\"orderBy\": [\"spots\", 1]}",
                "{\"orderBy\": \"spots\", \"sort\": 1}")) {
            Http.Answer answer = HTTP.post("/ngsi-ld/v1/entityOperations/query", "{\"type\": \"Query\", \"entities\":"
                    + " [{\"type\": \"OffStreetParking\"}], \"ordering\": " + ordering + "}", "NGSILD-Tenant", TENANT);
            assertThat(answer.status()).as(ordering).isEqualTo(400);
        }
    }

    @Test
    void distanceOrderingMeasuresFromTheGivenGeometry() {
        String from = "&orderGeometry=Point&orderFrom=%5B3.72,51.05%5D";
        assertThat(order("orderBy=location;dist-asc" + from)).containsExactly("p1", "p2", "p3", "p4", "p5");
        assertThat(order("orderBy=location;dist-desc" + from)).containsExactly("p5", "p4", "p3", "p2", "p1");
        assertThat(order("orderBy=location;dist-asc&orderGeometry=Point&orderFrom=%5B9.0,51.05%5D&limit=2&offset=1"))
                .containsExactly("p4", "p3");
        Http.Answer near = HTTP.get("/ngsi-ld/v1/entities?type=OffStreetParking&georel=near;maxDistance==10000"
                + "&geometry=Point&coordinates=%5B3.72,51.05%5D&orderBy=location;dist-desc" + from + "&count=true",
                "NGSILD-Tenant", TENANT);
        assertThat(ids(near)).as("with a geo-query").containsExactly("p4", "p3", "p2", "p1");
        assertThat(near.header("NGSILD-Results-Count")).isEqualTo("4");
        Http.Answer body = HTTP.post("/ngsi-ld/v1/entityOperations/query", """
                {"type": "Query", "entities": [{"type": "OffStreetParking"}],
                 "ordering": {"orderBy": "location;dist-asc", "geometry": "Point", "coordinates": [3.75, 51.05]}}""",
                "NGSILD-Tenant", TENANT);
        assertThat(body.status()).as(body.body()).isEqualTo(200);
        assertThat(ids(body)).containsExactly("p4", "p3", "p2", "p1", "p5");
        for (String kiosk : List.of("{\"id\": \"urn:ngsi-ld:Kiosk:a\", \"type\": \"Kiosk\"}",
                "{\"id\": \"urn:ngsi-ld:Kiosk:b\", \"type\": \"Kiosk\", \"location\": {\"type\": \"GeoProperty\","
                        + " \"value\": {\"type\": \"Point\", \"coordinates\": [3.8, 51.05]}}}")) {
            assertThat(HTTP.post("/ngsi-ld/v1/entities", kiosk, "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        }
        for (String direction : List.of("dist-asc", "dist-desc")) {
            Http.Answer kiosks = HTTP.get("/ngsi-ld/v1/entities?type=Kiosk&orderBy=location;" + direction + from,
                    "NGSILD-Tenant", TENANT);
            assertThat(kiosks.json().findValuesAsText("id")).as("without a location: last, " + direction)
                    .containsExactly("urn:ngsi-ld:Kiosk:b", "urn:ngsi-ld:Kiosk:a");
        }
        Http.Answer elsewhere = HTTP.get("/ngsi-ld/v1/entities?type=Nothing&orderBy=location;dist-asc" + from,
                "NGSILD-Tenant", TENANT);
        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(elsewhere.json()).isEmpty();
    }
}
