package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entity maps (ETSI GS CIM 009 v1.9.1 clauses 5.2.39, 5.5.14, 5.14, 6.4.3.2, 6.32) across two real platforms: a
 * region that holds some car parks and a city broker registered with it that holds others. A paged distributed
 * query made with {@code entityMap=true} fixes the entities of every page, whatever the city adds or drops meanwhile.
 */
class EntityMapsTest extends RegionWithCity {
    private static final String QUERY = "/ngsi-ld/v1/entities?type=OffStreetParking&limit=2&count=true";
    private static final String MAPS = "/ngsi-ld/v1/entityMaps/";
    private static final String PARKING = """
            {"id": "urn:ngsi-ld:OffStreetParking:%s", "type": "OffStreetParking",
             "availableSpotNumber": {"type": "Property", "value": 10}}""";

    private static String[] as(String key, String tenant, String... more) {
        List<String> headers = new ArrayList<>(List.of("X-API-Key", key, "NGSILD-Tenant", tenant, "Link", link));
        headers.addAll(List.of(more));
        return headers.toArray(String[]::new);
    }

    private static String key(String tenant, String role) {
        return regionHttp.newKey(ADMIN_KEY, tenant, role);
    }

    private static void create(Http http, String tenant, String name, String... credentials) {
        List<String> headers = new ArrayList<>(List.of("NGSILD-Tenant", tenant, "Link", link));
        headers.addAll(List.of(credentials));
        Http.Answer answer = http.post("/ngsi-ld/v1/entities", PARKING.formatted(name), headers.toArray(String[]::new));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    /** The region holds b1, b2 and a2; the city a1, a2, a3; the city is registered with the region. */
    private static String regionWithCity(String tenant) {
        for (String name : List.of("a1", "a2", "a3")) {
            create(cityHttp, tenant, name);
        }
        for (String name : List.of("a2", "b1", "b2")) {
            create(regionHttp, tenant, name, "X-API-Key", ADMIN_KEY);
        }
        Http.Answer registered = regionHttp.post(REGISTRATIONS, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "OffStreetParking"}]}],
                 "endpoint": "http://127.0.0.1:%d"}""".formatted(city.port()), as(ADMIN_KEY, tenant));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        String location = registered.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static List<String> ids(Http.Answer answer) {
        List<String> ids = new ArrayList<>();
        answer.json().forEach(entity -> ids.add(entity.get("id").asText().replace("urn:ngsi-ld:OffStreetParking:", "")));
        return ids;
    }

    @Test
    void pagesOfADistributedQueryMadeWithAnEntityMapShowEachEntityOnceWhateverTheSourcesDoMeanwhile() {
        String tenant = "maps-paging";
        String registration = regionWithCity(tenant);
        String reader = key(tenant, "reader");

        // 6.4.3.2: entityMap=true makes a map; 201 Created with its location in NGSILD-EntityMap.
        Http.Answer first = regionHttp.get(QUERY + "&entityMap=true", as(reader, tenant));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String map = first.header("NGSILD-EntityMap");
        assertThat(map).startsWith(MAPS + "urn:ngsi-ld:EntityMap:");
        assertThat(ids(first)).containsExactly("a1", "a2");
        assertThat(first.header("NGSILD-Results-Count")).isEqualTo("5");
        assertThat(first.header("Link")).contains("rel=\"next\"");

        // Meanwhile the city gains a car park that sorts first and drops one of the next page.
        create(cityHttp, tenant, "a0");
        assertThat(cityHttp.delete("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:a3", "NGSILD-Tenant", tenant)
                .status()).isEqualTo(204);
        assertThat(ids(regionHttp.get(QUERY + "&offset=2", as(reader, tenant)))).as("without the map, offsets shift:"
                + " a2 shown twice").containsExactly("a2", "b1");

        // 5.5.14: later pages are cut from the map; a3, no longer matching, leaves it and the page fills up.
        Http.Answer second = regionHttp.get(QUERY + "&offset=2&entityMap=true", as(reader, tenant,
                "NGSILD-EntityMap", map));
        assertThat(second.status()).as("the map exists: 200, not 201").isEqualTo(200);
        assertThat(second.header("NGSILD-EntityMap")).isEqualTo(map);
        assertThat(ids(second)).containsExactly("b1", "b2");
        assertThat(second.header("NGSILD-Results-Count")).isEqualTo("4");
        Http.Answer third = regionHttp.get(QUERY + "&offset=4", as(reader, tenant, "NGSILD-EntityMap", map));
        assertThat(third.status()).isEqualTo(200);
        assertThat(ids(third)).isEmpty();
        List<String> seen = new ArrayList<>(ids(first));
        seen.addAll(ids(second));
        assertThat(seen).as("every entity of the map exactly once, a0 never").containsExactly("a1", "a2", "b1", "b2");

        // 5.14.1 Retrieve EntityMap (6.32.3.1): @none for the region, the registration for the city.
        Http.Answer retrieved = regionHttp.get(map, as(reader, tenant));
        assertThat(retrieved.status()).as(retrieved.body()).isEqualTo(200);
        JsonNode body = retrieved.json();
        assertThat(body.get("type").asText()).isEqualTo("EntityMap");
        assertThat(MAPS + body.get("id").asText()).isEqualTo(map);
        assertThat(Instant.parse(body.get("expiresAt").asText())).isAfter(Instant.now());
        JsonNode entities = body.get("entityMap");
        List<String> mapped = new ArrayList<>();
        entities.fieldNames().forEachRemaining(mapped::add);
        assertThat(mapped).containsExactly("urn:ngsi-ld:OffStreetParking:a1", "urn:ngsi-ld:OffStreetParking:a2",
                "urn:ngsi-ld:OffStreetParking:b1", "urn:ngsi-ld:OffStreetParking:b2");
        assertThat(entities.get("urn:ngsi-ld:OffStreetParking:a1")).containsExactly(
                com.fasterxml.jackson.databind.node.TextNode.valueOf(registration));
        assertThat(entities.get("urn:ngsi-ld:OffStreetParking:a2")).extracting(JsonNode::asText)
                .containsExactly("@none", registration);
        assertThat(entities.get("urn:ngsi-ld:OffStreetParking:b1")).extracting(JsonNode::asText).containsExactly("@none");
        assertThat(body.get("linkedMaps").isObject()).isTrue();

        // The map is the reader's own: another reader of the tenant, or the same id in another tenant, finds nothing.
        String otherReader = key(tenant, "reader");
        assertThat(regionHttp.get(map, as(otherReader, tenant)).status()).isEqualTo(404);
        Http.Answer elsewhere = regionHttp.get(map, as(ADMIN_KEY, "maps-elsewhere"));
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.errorType()).isEqualTo("ResourceNotFound");
        Http.Answer othersPage = regionHttp.get(QUERY, as(otherReader, tenant, "NGSILD-EntityMap", map));
        assertThat(othersPage.status()).as("another reader naming the map gets a map of its own").isEqualTo(201);
        assertThat(othersPage.header("NGSILD-EntityMap")).isNotEqualTo(map);
        assertThat(regionHttp.delete(map, as(otherReader, tenant)).status()).isEqualTo(404);
        assertThat(regionHttp.patch(map, "{\"expiresAt\": \"2099-01-01T00:00:00Z\"}", as(otherReader, tenant)).status())
                .isEqualTo(404);

        // 5.14.3 Delete EntityMap: 204, then it is gone.
        assertThat(regionHttp.delete(map, as(reader, tenant)).status()).isEqualTo(204);
        assertThat(regionHttp.get(map, as(reader, tenant)).status()).isEqualTo(404);
        assertThat(regionHttp.delete(map, as(reader, tenant)).status()).isEqualTo(404);
        Http.Answer afterDelete = regionHttp.get(QUERY, as(reader, tenant, "NGSILD-EntityMap", map));
        assertThat(afterDelete.status()).as("5.7.2.4: a map that cannot be found is made anew").isEqualTo(201);
        assertThat(ids(afterDelete)).containsExactly("a0", "a1");
    }

    @Test
    void aMapIsUpdatedInItsExpiryOnlyAndIsGoneOnceExpired() throws InterruptedException {
        String tenant = "maps-expiry";
        regionWithCity(tenant);
        Http.Answer made = regionHttp.get(QUERY + "&entityMap=true&entityMapLifetime=PT1H", as(ADMIN_KEY, tenant));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String map = made.header("NGSILD-EntityMap");
        Instant expiresAt = Instant.parse(regionHttp.get(map, as(ADMIN_KEY, tenant)).json().get("expiresAt").asText());
        assertThat(expiresAt).as("entityMapLifetime suggests the lifetime")
                .isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));

        // 5.14.2: output-only members are ignored; expiresAt is what a client changes.
        assertThat(regionHttp.patch(map, "{\"entityMap\": {}, \"linkedMaps\": {}}", as(ADMIN_KEY, tenant)).status())
                .isEqualTo(204);
        assertThat(regionHttp.get(map, as(ADMIN_KEY, tenant)).json().get("entityMap")).hasSize(5);
        assertThat(regionHttp.patch(map, "{\"expiresAt\": \"2099-01-01T00:00:00Z\"}", as(ADMIN_KEY, tenant)).status())
                .isEqualTo(204);
        assertThat(Instant.parse(regionHttp.get(map, as(ADMIN_KEY, tenant)).json().get("expiresAt").asText()))
                .as("never beyond the longest lifetime (24 h)").isBefore(Instant.now().plus(Duration.ofHours(25)));
        String[][] refused = {
            {"{\"expiresAt\": \"tomorrow\"}", "expiresAt"},
            {"{\"expiresAt\": \"2001-01-01T00:00:00Z\"}", "not in the future"},
            {"{\"expiresAt\": \"2099-01-01T00:00:00+02:00\"}", "UTC"},
            {"{\"expiresAt\": 7}", "expiresAt"},
            {"{\"colour\": \"red\"}", "colour"},
            {"{}", "expiresAt"},
            {"[]", "JSON object"},
        };
        for (String[] fragment : refused) {
            Http.Answer answer = regionHttp.patch(map, fragment[0], as(ADMIN_KEY, tenant));
            assertThat(answer.status()).as(fragment[0]).isEqualTo(400);
            assertThat(answer.errorType()).isEqualTo("BadRequestData");
            assertThat(answer.json().get("detail").asText()).as(fragment[0]).contains(fragment[1]);
        }

        String soon = Instant.now().plusSeconds(1).toString();
        assertThat(regionHttp.patch(map, "{\"expiresAt\": \"" + soon + "\"}", as(ADMIN_KEY, tenant)).status())
                .isEqualTo(204);
        Instant deadline = Instant.now().plusSeconds(10);
        while (regionHttp.get(map, as(ADMIN_KEY, tenant)).status() == 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        Http.Answer expired = regionHttp.get(map, as(ADMIN_KEY, tenant));
        assertThat(expired.status()).as("an expired map cannot be retrieved").isEqualTo(404);
        assertThat(expired.errorType()).isEqualTo("ResourceNotFound");
        assertThat(regionHttp.patch(map, "{\"expiresAt\": \"2099-01-01T00:00:00Z\"}", as(ADMIN_KEY, tenant)).status())
                .isEqualTo(404);
        Http.Answer renewed = regionHttp.get(QUERY + "&offset=2", as(ADMIN_KEY, tenant, "NGSILD-EntityMap", map));
        assertThat(renewed.status()).as("5.5.14: a map that has expired is made anew").isEqualTo(201);
        assertThat(renewed.header("NGSILD-EntityMap")).isNotEqualTo(map);
    }

    @Test
    void badEntityMapParametersAndIdsAreRefusedUnknownMapsAreNotFound() {
        String tenant = "maps-bad";
        create(regionHttp, tenant, "x1", "X-API-Key", ADMIN_KEY);
        String[][] refused = {
            {QUERY + "&entityMap=yes", null},
            {QUERY + "&entityMap=true&entityMapLifetime=1hour", null},
            {QUERY + "&entityMap=true&entityMapLifetime=P", null},
            {QUERY + "&entityMap=true&entityMapLifetime=PT0S", null},
            {QUERY, "not a uri"},
        };
        for (String[] request : refused) {
            Http.Answer answer = request[1] == null ? regionHttp.get(request[0], as(ADMIN_KEY, tenant))
                    : regionHttp.get(request[0], as(ADMIN_KEY, tenant, "NGSILD-EntityMap", request[1]));
            assertThat(answer.status()).as(request[0] + " " + request[1]).isEqualTo(400);
            assertThat(answer.errorType()).isEqualTo("BadRequestData");
        }
        assertThat(regionHttp.get(MAPS + "not%20a%20uri", as(ADMIN_KEY, tenant)).status()).isEqualTo(400);
        assertThat(regionHttp.delete(MAPS + "not%20a%20uri", as(ADMIN_KEY, tenant)).status()).isEqualTo(400);
        Http.Answer unknown = regionHttp.get(MAPS + "urn:ngsi-ld:EntityMap:unknown", as(ADMIN_KEY, tenant));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorType()).isEqualTo("ResourceNotFound");
        assertThat(regionHttp.delete(MAPS + "urn:ngsi-ld:EntityMap:unknown", as(ADMIN_KEY, tenant)).status())
                .isEqualTo(404);
        assertThat(regionHttp.patch(MAPS + "urn:ngsi-ld:EntityMap:unknown", "{\"expiresAt\": \"2099-01-01T00:00:00Z\"}",
                as(ADMIN_KEY, tenant)).status()).isEqualTo(404);
    }

    @Test
    void aQueryByPostAndALocalQueryPageThroughAMapToo() {
        String tenant = "maps-post";
        regionWithCity(tenant);
        String query = """
                {"type": "Query", "entities": [{"type": "OffStreetParking"}], "q": "availableSpotNumber>5"}""";
        Http.Answer first = regionHttp.post("/ngsi-ld/v1/entityOperations/query?limit=3&entityMap=true", query,
                as(ADMIN_KEY, tenant));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String map = first.header("NGSILD-EntityMap");
        assertThat(map).startsWith(MAPS);
        create(cityHttp, tenant, "a0");
        Http.Answer second = regionHttp.post("/ngsi-ld/v1/entityOperations/query?limit=3&offset=3", query,
                as(ADMIN_KEY, tenant, "NGSILD-EntityMap", map));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        List<String> seen = new ArrayList<>(ids(first));
        seen.addAll(ids(second));
        assertThat(seen).containsExactly("a1", "a2", "a3", "b1", "b2");

        Http.Answer local = regionHttp.get(QUERY + "&local=true&entityMap=true", as(ADMIN_KEY, tenant));
        assertThat(local.status()).isEqualTo(201);
        assertThat(ids(local)).containsExactly("a2", "b1");
        JsonNode localMap = regionHttp.get(local.header("NGSILD-EntityMap"), as(ADMIN_KEY, tenant)).json();
        assertThat(localMap.get("entityMap")).as("local=true: the region's own only").hasSize(3);
        localMap.get("entityMap").forEach(places -> assertThat(places).extracting(JsonNode::asText)
                .containsExactly("@none"));

        // 5.14.4 Create EntityMap for Query Entities (6.34, v1.9.1): the map alone, 201 with its location.
        Http.Answer byUrl = regionHttp.get("/ngsi-ld/v1/entityMaps?type=OffStreetParking&entityMapLifetime=PT2H",
                as(ADMIN_KEY, tenant));
        assertThat(byUrl.status()).as(byUrl.body()).isEqualTo(201);
        assertThat(byUrl.json().get("type").asText()).isEqualTo("EntityMap");
        assertThat(byUrl.json().get("entityMap")).hasSize(6);
        assertThat(byUrl.header("NGSILD-EntityMap")).isEqualTo(MAPS + byUrl.json().get("id").asText());
        assertThat(Instant.parse(byUrl.json().get("expiresAt").asText())).isAfter(Instant.now().plus(Duration.ofMinutes(119)));
        Http.Answer paged = regionHttp.get(QUERY + "&offset=4", as(ADMIN_KEY, tenant,
                "NGSILD-EntityMap", byUrl.header("NGSILD-EntityMap")));
        assertThat(paged.status()).isEqualTo(200);
        assertThat(ids(paged)).containsExactly("b1", "b2");
        Http.Answer byBody = regionHttp.post("/ngsi-ld/v1/entityMaps", query, as(ADMIN_KEY, tenant,
                "Accept", "application/ld+json"));
        assertThat(byBody.status()).as(byBody.body()).isEqualTo(201);
        assertThat(byBody.json().get("entityMap")).hasSize(6);
        assertThat(byBody.json().has("@context")).isTrue();
        assertThat(regionHttp.get("/ngsi-ld/v1/entityMaps", as(ADMIN_KEY, tenant)).status()).as("too wide").isEqualTo(400);
        assertThat(regionHttp.get("/ngsi-ld/v1/entityMaps?type=OffStreetParking&entityMapLifetime=soon",
                as(ADMIN_KEY, tenant)).status()).isEqualTo(400);

        Http.Answer geoJson = regionHttp.get(QUERY + "&entityMap=true", as(ADMIN_KEY, tenant,
                "Accept", "application/geo+json"));
        assertThat(geoJson.status()).isEqualTo(201);
        assertThat(geoJson.header("NGSILD-EntityMap")).startsWith(MAPS);
        assertThat(geoJson.json().get("type").asText()).isEqualTo("FeatureCollection");
    }
}
