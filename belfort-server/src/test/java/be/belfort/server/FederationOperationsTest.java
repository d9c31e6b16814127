package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distributed operations beyond single reads and writes, across two real platforms (a region with access
 * control, a city) and a fake broker: batch writes, entity replacement and the writes of one attribute forwarded by
 * the registrations' modes, a client's inline @context passed on with its write, geo-queries that skip a source whose
 * location is elsewhere, and the temporal query by POST.
 */
class FederationOperationsTest extends RegionWithCity {
    /** Around Kortrijk, and around Gent, some 40 km away. */
    private static final String KORTRIJK = "{\"type\": \"Polygon\", \"coordinates\": [[[3.2,50.78],[3.32,50.78],[3.32,50.86],[3.2,50.86],[3.2,50.78]]]}";
    private static final String GENT = "{\"type\": \"Polygon\", \"coordinates\": [[[3.65,51.0],[3.8,51.0],[3.8,51.1],[3.65,51.1],[3.65,51.0]]]}";

    private static String[] asAdmin(String tenant, String... more) {
        List<String> headers = new ArrayList<>(List.of("X-API-Key", ADMIN_KEY, "NGSILD-Tenant", tenant, "Link", link));
        headers.addAll(List.of(more));
        return headers.toArray(String[]::new);
    }

    private static String register(String tenant, String body) {
        Http.Answer created = regionHttp.post(REGISTRATIONS, body, asAdmin(tenant));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.header("Location").substring(REGISTRATIONS.length() + 1);
    }

    private static Http.Answer atCity(String tenant, String id) {
        return cityHttp.get("/ngsi-ld/v1/entities/" + id + "?options=keyValues", "NGSILD-Tenant", tenant, "Link", link);
    }

    private static Http.Answer atRegionOnly(String tenant, String id) {
        return regionHttp.get("/ngsi-ld/v1/entities/" + id + "?options=keyValues&local=true", asAdmin(tenant));
    }

    @Test
    void batchWritesGoToTheSourcesThatTakeThemByTheirMode() {
        String tenant = "fedops-batch";
        String x = "urn:ngsi-ld:OffStreetParking:x";
        register(tenant, """
                {"type": "ContextSourceRegistration", "mode": "exclusive",
                 "information": [{"entities": [{"id": "%s", "type": "OffStreetParking"}],
                                  "propertyNames": ["availableSpotNumber"]}],
                 "operations": ["createBatch", "updateBatch", "deleteBatch", "retrieveEntity"],
                 "endpoint": "http://127.0.0.1:%d"}""".formatted(x, city.port()));
        register(tenant, """
                {"type": "ContextSourceRegistration", "mode": "redirect", "operations": ["redirectionOps"],
                 "information": [{"entities": [{"type": "Sensor"}]}], "endpoint": "http://127.0.0.1:%d"}"""
                .formatted(city.port()));

        Http.Answer created = regionHttp.post("/ngsi-ld/v1/entityOperations/create", """
                [{"id": "%s", "type": "OffStreetParking", "availableSpotNumber": {"type": "Property", "value": 5},
                  "name": {"type": "Property", "value": "Markt"}},
                 {"id": "urn:ngsi-ld:Sensor:s1", "type": "Sensor", "temperature": {"type": "Property", "value": 1}},
                 {"id": "urn:ngsi-ld:Sensor:s2", "type": "Sensor", "temperature": {"type": "Property", "value": 2}},
                 {"id": "urn:ngsi-ld:Building:b1", "type": "Building", "name": {"type": "Property", "value": "Halle"}}]"""
                .formatted(x), asAdmin(tenant));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json()).extracting(JsonNode::asText).containsExactly(x, "urn:ngsi-ld:Sensor:s1",
                "urn:ngsi-ld:Sensor:s2", "urn:ngsi-ld:Building:b1");
        JsonNode parkingAtCity = atCity(tenant, x).json();
        assertThat(parkingAtCity.get("availableSpotNumber").asInt()).as("the exclusive source's attribute").isEqualTo(5);
        assertThat(parkingAtCity.has("name")).isFalse();
        JsonNode parkingHere = atRegionOnly(tenant, x).json();
        assertThat(parkingHere.has("availableSpotNumber")).as("not written here").isFalse();
        assertThat(parkingHere.get("name").asText()).isEqualTo("Markt");
        assertThat(atCity(tenant, "urn:ngsi-ld:Sensor:s1").status()).as("redirected").isEqualTo(200);
        assertThat(atRegionOnly(tenant, "urn:ngsi-ld:Sensor:s1").status()).isEqualTo(404);
        assertThat(atRegionOnly(tenant, "urn:ngsi-ld:Building:b1").status()).as("no source takes it").isEqualTo(200);
        assertThat(atCity(tenant, "urn:ngsi-ld:Building:b1").status()).isEqualTo(404);

        Http.Answer updated = regionHttp.post("/ngsi-ld/v1/entityOperations/update", """
                [{"id": "%s", "availableSpotNumber": {"type": "Property", "value": 9}},
                 {"id": "urn:ngsi-ld:Sensor:s1", "type": "Sensor", "temperature": {"type": "Property", "value": 3}}]"""
                .formatted(x), asAdmin(tenant));
        assertThat(updated.status()).as(updated.body()).isEqualTo(204);
        assertThat(atCity(tenant, x).json().get("availableSpotNumber").asInt()).isEqualTo(9);
        assertThat(atCity(tenant, "urn:ngsi-ld:Sensor:s1").json().get("temperature").asInt()).isEqualTo(3);

        Http.Answer again = regionHttp.post("/ngsi-ld/v1/entityOperations/create", """
                [{"id": "urn:ngsi-ld:Sensor:s2", "type": "Sensor", "temperature": {"type": "Property", "value": 4}},
                 {"id": "urn:ngsi-ld:Sensor:s3", "type": "Sensor", "temperature": {"type": "Property", "value": 5}}]""",
                asAdmin(tenant));
        assertThat(again.status()).as(again.body()).isEqualTo(207);
        assertThat(again.json().get("success")).extracting(JsonNode::asText).containsExactly("urn:ngsi-ld:Sensor:s3");
        JsonNode error = again.json().get("errors").get(0);
        assertThat(error.get("entityId").asText()).isEqualTo("urn:ngsi-ld:Sensor:s2");
        assertThat(error.get("registrationId").asText()).startsWith("urn:ngsi-ld:ContextSourceRegistration:");
        assertThat(error.at("/error/type").asText()).as("the source's own reason")
                .isEqualTo("https://uri.etsi.org/ngsi-ld/errors/AlreadyExists");

        Http.Answer deleted = regionHttp.post("/ngsi-ld/v1/entityOperations/delete", """
                ["urn:ngsi-ld:Sensor:s1", "urn:ngsi-ld:Building:b1", "urn:ngsi-ld:Building:nowhere"]""",
                asAdmin(tenant));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(207);
        assertThat(deleted.json().get("success")).extracting(JsonNode::asText)
                .containsExactly("urn:ngsi-ld:Sensor:s1", "urn:ngsi-ld:Building:b1");
        assertThat(deleted.json().at("/errors/0/entityId").asText()).isEqualTo("urn:ngsi-ld:Building:nowhere");
        assertThat(atCity(tenant, "urn:ngsi-ld:Sensor:s1").status()).as("deleted at the city").isEqualTo(404);
        assertThat(atRegionOnly(tenant, "urn:ngsi-ld:Building:b1").status()).isEqualTo(404);

        String failing = register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "Counter"}]}],
                 "operations": ["createBatch", "upsertBatch"], "endpoint": "%s"}""".formatted(fake.url("/error")));
        Http.Answer partly = regionHttp.post("/ngsi-ld/v1/entityOperations/upsert", """
                [{"id": "urn:ngsi-ld:Counter:1", "type": "Counter", "count": {"type": "Property", "value": 1}},
                 {"id": "urn:ngsi-ld:Building:b2", "type": "Building", "name": {"type": "Property", "value": "Belfort"}}]""",
                asAdmin(tenant));
        assertThat(partly.status()).as(partly.body()).isEqualTo(207);
        assertThat(partly.json().get("success")).extracting(JsonNode::asText).containsExactly("urn:ngsi-ld:Building:b2");
        assertThat(partly.json().at("/errors/0/entityId").asText()).isEqualTo("urn:ngsi-ld:Counter:1");
        assertThat(partly.json().at("/errors/0/registrationId").asText()).isEqualTo(failing);
        assertThat(partly.json().at("/errors/0/error/detail").asText()).contains("HTTP 500");
        assertThat(atRegionOnly(tenant, "urn:ngsi-ld:Counter:1").status())
                .as("an inclusive source's failure leaves the local write").isEqualTo(200);
        assertThat(regionHttp.post("/ngsi-ld/v1/entityOperations/upsert?local=true", """
                [{"id": "urn:ngsi-ld:Counter:2", "type": "Counter", "count": {"type": "Property", "value": 1}}]""",
                asAdmin(tenant)).status()).as("local=true writes here only").isEqualTo(201);
    }

    @Test
    void replacingAnEntityAndDeletingAnAttributeReachTheSourceThatHoldsIt() {
        String tenant = "fedops-replace";
        String x = "urn:ngsi-ld:OffStreetParking:r";
        register(tenant, """
                {"type": "ContextSourceRegistration", "mode": "exclusive",
                 "information": [{"entities": [{"id": "%s", "type": "OffStreetParking"}],
                                  "propertyNames": ["availableSpotNumber"]}],
                 "operations": ["createEntity", "replaceEntity", "deleteAttrs", "retrieveEntity"],
                 "endpoint": "http://127.0.0.1:%d"}""".formatted(x, city.port()));
        assertThat(regionHttp.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "OffStreetParking", "availableSpotNumber": {"type": "Property", "value": 5},
                 "name": {"type": "Property", "value": "Markt"}}""".formatted(x), asAdmin(tenant)).status())
                .isEqualTo(201);

        Http.Answer replaced = regionHttp.put("/ngsi-ld/v1/entities/" + x, """
                {"type": "OffStreetParking", "availableSpotNumber": {"type": "Property", "value": 3},
                 "name": {"type": "Property", "value": "Grote Markt"}}""", asAdmin(tenant));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(204);
        assertThat(atCity(tenant, x).json().get("availableSpotNumber").asInt()).isEqualTo(3);
        JsonNode here = atRegionOnly(tenant, x).json();
        assertThat(here.get("name").asText()).isEqualTo("Grote Markt");
        assertThat(here.has("availableSpotNumber")).isFalse();

        Http.Answer deleted = regionHttp.delete("/ngsi-ld/v1/entities/" + x + "/attrs/availableSpotNumber",
                asAdmin(tenant));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(atCity(tenant, x).json().has("availableSpotNumber")).as("deleted at the city").isFalse();
        assertThat(atRegionOnly(tenant, x).json().get("name").asText()).as("the region's attributes stay")
                .isEqualTo("Grote Markt");
        assertThat(regionHttp.delete("/ngsi-ld/v1/entities/" + x + "/attrs/name", asAdmin(tenant)).status())
                .as("an attribute no source claims is deleted here").isEqualTo(204);
        assertThat(atRegionOnly(tenant, x).json().has("name")).isFalse();
    }

    @Test
    void anEntityAttributesUpdateGoesToSourcesServingUpdateEntityAndAPartialOneToThoseServingUpdateAttrs() {
        String tenant = "fedops-naming";
        String room = "urn:ngsi-ld:Room:n1";
        // Two registrations of the same broker, each in a tenant of its own there, so that each one's writes show.
        register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "Room"}]}],
                 "operations": ["createEntity", "updateEntity"], "tenant": "naming-entity",
                 "endpoint": "http://127.0.0.1:%d"}""".formatted(city.port()));
        register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "Room"}]}],
                 "operations": ["createEntity", "updateAttrs"], "tenant": "naming-attrs",
                 "endpoint": "http://127.0.0.1:%d"}""".formatted(city.port()));
        assertThat(regionHttp.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "Room", "occupancy": {"type": "Property", "value": 3}}""".formatted(room),
                asAdmin(tenant)).status()).isEqualTo(201);

        Http.Answer updated = regionHttp.patch("/ngsi-ld/v1/entities/" + room + "/attrs",
                "{\"occupancy\": {\"type\": \"Property\", \"value\": 5}}", asAdmin(tenant));
        assertThat(updated.status()).as(updated.body()).isEqualTo(204);
        assertThat(atCity("naming-entity", room).json().get("occupancy").asInt())
                .as("PATCH /attrs is Update Entity Attributes, updateEntity").isEqualTo(5);
        assertThat(atCity("naming-attrs", room).json().get("occupancy").asInt())
                .as("a source serving only updateAttrs is not sent it").isEqualTo(3);

        Http.Answer partial = regionHttp.patch("/ngsi-ld/v1/entities/" + room + "/attrs/occupancy", "{\"value\": 6}",
                asAdmin(tenant));
        assertThat(partial.status()).as(partial.body()).isEqualTo(204);
        assertThat(atCity("naming-attrs", room).json().get("occupancy").asInt())
                .as("PATCH /attrs/{attr} is Partial Attribute Update, updateAttrs").isEqualTo(6);
        assertThat(atCity("naming-entity", room).json().get("occupancy").asInt())
                .as("a source serving only updateEntity is not sent it").isEqualTo(5);
    }

    @Test
    void aWriteWithAnInlineContextReachesTheSourceWithTheClientsTerms() {
        String tenant = "fedops-context";
        String room = "urn:ngsi-ld:Room:c1";
        register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "Room"}]}],
                 "operations": ["createEntity", "appendAttrs", "updateAttrs", "replaceAttrs"],
                 "endpoint": "http://127.0.0.1:%d"}""".formatted(city.port()));
        String occupancy = "https://example.org/custom#occupancy";
        String context = "\"@context\": {\"occupancy\": \"" + occupancy + "\", \"crowding\": \"https://example.org/custom#crowding\"}";

        Http.Answer created = regionHttp.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "Room", "occupancy": {"type": "Property", "value": 3}, %s}"""
                .formatted(room, context), asJsonLd(tenant));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode atCity = atCityInCoreTerms(tenant, room);
        assertThat(atCity.path(occupancy).asInt()).as("the source expanded the client's term: " + atCity).isEqualTo(3);
        assertThat(atCity.has("occupancy")).isFalse();

        Http.Answer appended = regionHttp.post("/ngsi-ld/v1/entities/" + room + "/attrs", """
                {"crowding": {"type": "Property", "value": "low"}, %s}""".formatted(context), asJsonLd(tenant));
        assertThat(appended.status()).as(appended.body()).isEqualTo(204);
        assertThat(atCityInCoreTerms(tenant, room).path("https://example.org/custom#crowding").asText()).isEqualTo("low");

        Http.Answer patched = regionHttp.patch("/ngsi-ld/v1/entities/" + room + "/attrs/occupancy", """
                {"value": 4, %s}""".formatted(context), asJsonLd(tenant));
        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        assertThat(atCityInCoreTerms(tenant, room).path(occupancy).asInt()).as("partial attribute update").isEqualTo(4);

        Http.Answer replaced = regionHttp.put("/ngsi-ld/v1/entities/" + room + "/attrs/occupancy", """
                {"type": "Property", "value": 7, %s}""".formatted(context), asJsonLd(tenant));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(204);
        assertThat(atCityInCoreTerms(tenant, room).path(occupancy).asInt()).as("attribute replaced").isEqualTo(7);
        JsonNode here = regionHttp.get("/ngsi-ld/v1/entities/" + room + "?options=keyValues&local=true",
                "X-API-Key", ADMIN_KEY, "NGSILD-Tenant", tenant).json();
        assertThat(here.path(occupancy).asInt()).as("an inclusive source leaves the local write").isEqualTo(7);
    }

    @Test
    void attributeWritesGoToTheSourceThatHoldsTheAttribute() {
        String tenant = "fedops-attribute";
        String x = "urn:ngsi-ld:OffStreetParking:a";
        register(tenant, """
                {"type": "ContextSourceRegistration", "mode": "exclusive",
                 "information": [{"entities": [{"id": "%s", "type": "OffStreetParking"}],
                                  "propertyNames": ["availableSpotNumber"]}],
                 "operations": ["createEntity", "updateOps"], "endpoint": "http://127.0.0.1:%d"}"""
                .formatted(x, city.port()));
        assertThat(regionHttp.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "OffStreetParking", "availableSpotNumber": {"type": "Property", "value": 5},
                 "name": {"type": "Property", "value": "Markt"}}""".formatted(x), asAdmin(tenant)).status())
                .isEqualTo(201);

        Http.Answer patched = regionHttp.patch("/ngsi-ld/v1/entities/" + x + "/attrs/availableSpotNumber",
                "{\"value\": 6}", asAdmin(tenant));
        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        assertThat(atCity(tenant, x).json().get("availableSpotNumber").asInt()).isEqualTo(6);
        assertThat(atRegionOnly(tenant, x).json().has("availableSpotNumber")).as("not written here").isFalse();

        Http.Answer replaced = regionHttp.put("/ngsi-ld/v1/entities/" + x + "/attrs/availableSpotNumber",
                "{\"type\": \"Property\", \"value\": 8}", asAdmin(tenant));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(204);
        assertThat(atCity(tenant, x).json().get("availableSpotNumber").asInt()).isEqualTo(8);

        assertThat(regionHttp.patch("/ngsi-ld/v1/entities/" + x + "/attrs/name", "{\"value\": \"Grote Markt\"}",
                asAdmin(tenant)).status()).as("an attribute no source claims").isEqualTo(204);
        assertThat(atRegionOnly(tenant, x).json().get("name").asText()).isEqualTo("Grote Markt");
        assertThat(atCity(tenant, x).json().has("name")).isFalse();

        String failing = register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "Counter"}]}],
                 "operations": ["updateAttrs"], "endpoint": "%s"}""".formatted(fake.url("/error")));
        assertThat(regionHttp.post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:Counter:a1", "type": "Counter", "count": {"type": "Property", "value": 1}}""",
                asAdmin(tenant)).status()).isEqualTo(201);
        Http.Answer partly = regionHttp.patch("/ngsi-ld/v1/entities/urn:ngsi-ld:Counter:a1/attrs/count",
                "{\"value\": 2}", asAdmin(tenant));
        assertThat(partly.status()).as(partly.body()).isEqualTo(207);
        assertThat(partly.json().at("/notUpdated/0/registrationId").asText()).isEqualTo(failing);
        assertThat(partly.json().at("/notUpdated/0/reason").asText()).contains("HTTP 500");
        assertThat(atRegionOnly(tenant, "urn:ngsi-ld:Counter:a1").json().get("count").asInt())
                .as("an inclusive source's failure leaves the local write").isEqualTo(2);
    }

    private static String[] asJsonLd(String tenant) {
        return new String[]{"X-API-Key", ADMIN_KEY, "NGSILD-Tenant", tenant, "Content-Type", "application/ld+json"};
    }

    /** The entity at the city in the core context's terms: an attribute outside it shows its full IRI. */
    private static JsonNode atCityInCoreTerms(String tenant, String id) {
        Http.Answer answer = cityHttp.get("/ngsi-ld/v1/entities/" + id + "?options=keyValues", "NGSILD-Tenant", tenant);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void aGeoQuerySkipsTheSourcesWhoseLocationItCannotMeet() {
        String tenant = "fedops-geo";
        cityHttp.post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:OffStreetParking:k1", "type": "OffStreetParking",
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.265, 50.827]}}}""",
                "NGSILD-Tenant", tenant, "Link", link);
        register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "OffStreetParking"}]}],
                 "location": %s, "endpoint": "http://127.0.0.1:%d"}""".formatted(KORTRIJK, city.port()));
        register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "OffStreetParking"}]}],
                 "location": %s, "endpoint": "%s"}""".formatted(GENT, fake.url("/echo")));
        fake.echoed.clear();

        Http.Answer near = regionHttp.get("/ngsi-ld/v1/entities?type=OffStreetParking&georel=near;maxDistance==2000"
                + "&geometry=Point&coordinates=%5B3.26,50.82%5D", asAdmin(tenant));
        assertThat(near.status()).as(near.body()).isEqualTo(200);
        assertThat(near.json()).extracting(entity -> entity.get("id").asText())
                .containsExactly("urn:ngsi-ld:OffStreetParking:k1");
        assertThat(fake.echoed).as("the source registered for Gent is not asked about Kortrijk").isEmpty();

        Http.Answer inGent = regionHttp.get("/ngsi-ld/v1/entities?type=OffStreetParking&georel=within"
                + "&geometry=Polygon&coordinates=%5B%5B%5B3.7,51.02%5D,%5B3.75,51.02%5D,%5B3.75,51.05%5D,%5B3.7,51.02%5D%5D%5D",
                asAdmin(tenant));
        assertThat(inGent.status()).as(inGent.body()).isEqualTo(200);
        assertThat(fake.echoed).as("asked about Gent, with the geo-query").singleElement()
                .satisfies(request -> assertThat(request.uri()).contains("georel=within").contains("geometry=Polygon"));

        assertThat(regionHttp.get(REGISTRATIONS + "?georel=intersects&geometry=Point&coordinates=%5B3.26,50.82%5D",
                asAdmin(tenant)).json()).as("registrations are found by their location").singleElement()
                .satisfies(found -> assertThat(found.get("endpoint").asText()).contains(String.valueOf(city.port())));
        assertThat(regionHttp.get(REGISTRATIONS + "?georel=intersects&geometry=Point&coordinates=%5B3.26,50.82%5D"
                + "&geoproperty=operationSpace", asAdmin(tenant)).json()).isEmpty();
        assertThat(regionHttp.get(REGISTRATIONS + "?georel=intersects&geometry=Point&coordinates=%5B3.26,50.82%5D"
                + "&geoproperty=name", asAdmin(tenant)).status()).isEqualTo(400);
    }

    @Test
    void aTemporalQueryByPostIsAnsweredFromTheCityToo() {
        String tenant = "fedops-temporal";
        cityHttp.post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:OffStreetParking:t1", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": 10, "observedAt": "2026-01-01T10:00:00Z"}}""",
                "NGSILD-Tenant", tenant, "Link", link);
        cityHttp.patch("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:t1/attrs", """
                {"availableSpotNumber": {"type": "Property", "value": 11, "observedAt": "2026-01-01T11:00:00Z"}}""",
                "NGSILD-Tenant", tenant, "Link", link);
        assertThat(regionHttp.post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:OffStreetParking:t0", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": 3, "observedAt": "2026-01-01T09:00:00Z"}}""",
                asAdmin(tenant)).status()).isEqualTo(201);
        register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "OffStreetParking"}]}],
                 "endpoint": "http://127.0.0.1:%d"}""".formatted(city.port()));

        String query = """
                {"type": "Query", "entities": [{"type": "OffStreetParking"}], "attrs": ["availableSpotNumber"],
                 "temporalQ": {"timerel": "after", "timeAt": "2025-12-31T00:00:00Z"}}""";
        Http.Answer posted = regionHttp.post("/ngsi-ld/v1/temporal/entityOperations/query?count=true", query,
                asAdmin(tenant));
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(posted.header("Warning")).isNull();
        assertThat(posted.json()).extracting(entity -> entity.get("id").asText())
                .containsExactly("urn:ngsi-ld:OffStreetParking:t0", "urn:ngsi-ld:OffStreetParking:t1");
        assertThat(posted.json().get(1).get("availableSpotNumber")).hasSize(2);
        assertThat(posted.header("NGSILD-Results-Count")).isEqualTo("2");
        assertThat(regionHttp.post("/ngsi-ld/v1/temporal/entityOperations/query?local=true", query, asAdmin(tenant))
                .json()).as("local=true").hasSize(1);
    }

    @Test
    void historyWritesReachTheSourceThatHoldsTheAttribute() {
        String tenant = "fedops-history";
        String x = "urn:ngsi-ld:OffStreetParking:h";
        register(tenant, """
                {"type": "ContextSourceRegistration", "mode": "exclusive",
                 "information": [{"entities": [{"id": "%s", "type": "OffStreetParking"}],
                                  "propertyNames": ["availableSpotNumber"]}],
                 "operations": ["upsertTemporal", "appendAttrsTemporal", "deleteAttrsTemporal", "retrieveTemporal"],
                 "endpoint": "http://127.0.0.1:%d"}""".formatted(x, city.port()));
        Http.Answer created = regionHttp.post("/ngsi-ld/v1/temporal/entities", """
                {"id": "%s", "type": "OffStreetParking",
                 "availableSpotNumber": [{"type": "Property", "value": 5, "observedAt": "2026-01-01T10:00:00Z"},
                                         {"type": "Property", "value": 6, "observedAt": "2026-01-01T11:00:00Z"}],
                 "name": [{"type": "Property", "value": "Markt", "observedAt": "2026-01-01T10:00:00Z"}]}"""
                .formatted(x), asAdmin(tenant));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String history = "/ngsi-ld/v1/temporal/entities/" + x;
        assertThat(cityHttp.get(history, "NGSILD-Tenant", tenant, "Link", link).json().get("availableSpotNumber"))
                .as("the city holds the history of its attribute").hasSize(2);
        JsonNode here = regionHttp.get(history + "?local=true", asAdmin(tenant)).json();
        assertThat(here.has("availableSpotNumber")).as("not written here").isFalse();
        assertThat(here.get("name")).isNotNull();

        assertThat(regionHttp.post(history + "/attrs", """
                {"availableSpotNumber": [{"type": "Property", "value": 7, "observedAt": "2026-01-01T12:00:00Z"}]}""",
                asAdmin(tenant)).status()).isEqualTo(204);
        assertThat(cityHttp.get(history, "NGSILD-Tenant", tenant, "Link", link).json().get("availableSpotNumber"))
                .hasSize(3);
        assertThat(regionHttp.get(history, asAdmin(tenant)).json().get("availableSpotNumber"))
                .as("read back merged").hasSize(3);

        Http.Answer deleted = regionHttp.delete(history + "/attrs/availableSpotNumber", asAdmin(tenant));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(cityHttp.get(history, "NGSILD-Tenant", tenant, "Link", link).json().has("availableSpotNumber"))
                .as("deleted at the city").isFalse();
    }
}
