package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Federation across two real platforms: a region (access control on) and a city, each on its own embedded
 * PostgreSQL. The city's broker is registered with the region, whose queries and retrievals then answer from
 * both, merged; a fake broker plays the sources that are slow, fail, answer garbage or loop back.
 */
class FederationTest extends RegionWithCity {
    private static final String PARKING = "https://smartdatamodels.org/dataModel.Parking/OffStreetParking";

    @BeforeAll
    static void loopBack() {
        fake.loopBackTo(region.port());
    }

    private static String[] asAdmin(String tenant, String... more) {
        List<String> headers = new ArrayList<>(List.of("X-API-Key", ADMIN_KEY, "NGSILD-Tenant", tenant));
        headers.addAll(List.of(more));
        return headers.toArray(String[]::new);
    }

    private static String key(String tenant, String role) {
        return regionHttp.newKey(ADMIN_KEY, tenant, role);
    }

    private static String register(String tenant, String body) {
        Http.Answer created = regionHttp.post(REGISTRATIONS, body, asAdmin(tenant, "Link", link));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.header("Location");
    }

    private static void create(Http http, String tenant, String entity, String... credentials) {
        List<String> headers = new ArrayList<>(List.of("NGSILD-Tenant", tenant, "Link", link));
        headers.addAll(List.of(credentials));
        Http.Answer answer = http.post("/ngsi-ld/v1/entities", entity, headers.toArray(String[]::new));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    @Test
    void aRegistrationIsWrittenReadInTheReadersTermsUpdatedQueriedAndDeleted() {
        String tenant = "fed-registry";
        String location = register(tenant, """
                {"type": "ContextSourceRegistration", "registrationName": "Kortrijk parking",
                 "information": [{"entities": [{"type": "OffStreetParking"}], "propertyNames": ["availableSpotNumber"]}],
                 "endpoint": "https://kortrijk.example.org", "mode": "inclusive", "operations": ["retrieveOps"],
                 "contextSourceInfo": [{"key": "Authorization", "value": "Bearer city-secret"}],
                 "managementInterval": {"startAt": "2026-01-01T00:00:00Z"},
                 "location": {"type": "Point", "coordinates": [3.26, 50.82]},
                 "expiresAt": "2099-01-01T00:00:00Z", "scope": "/Kortrijk"}""");
        assertThat(location).startsWith(REGISTRATIONS + "/urn:ngsi-ld:ContextSourceRegistration:");

        JsonNode inTerms = regionHttp.get(location, asAdmin(tenant, "Link", link)).json();
        assertThat(inTerms.at("/information/0/entities/0/type").asText()).isEqualTo("OffStreetParking");
        assertThat(inTerms.at("/information/0/propertyNames/0").asText()).isEqualTo("availableSpotNumber");
        assertThat(inTerms.at("/contextSourceInfo/0/value").asText()).as("shown to a tenant admin").isEqualTo("Bearer city-secret");
        JsonNode expanded = regionHttp.get(location, asAdmin(tenant)).json();
        assertThat(expanded.at("/information/0/entities/0/type").asText()).as("without the @context: the IRI").isEqualTo(PARKING);

        String reader = key(tenant, "reader");
        Http.Answer asReader = regionHttp.get(location, "X-API-Key", reader, "NGSILD-Tenant", tenant);
        assertThat(asReader.status()).isEqualTo(200);
        assertThat(asReader.body()).doesNotContain("city-secret").doesNotContain("contextSourceInfo");
        assertThat(regionHttp.get(REGISTRATIONS + "?type=OffStreetParking", "X-API-Key", reader, "NGSILD-Tenant", tenant,
                "Link", link).body()).doesNotContain("city-secret");
        String publisher = key(tenant, "publisher");
        assertThat(regionHttp.post(REGISTRATIONS, "{}", "X-API-Key", publisher, "NGSILD-Tenant", tenant).status())
                .as("registering needs a tenant admin").isEqualTo(403);
        assertThat(regionHttp.get(location).status()).as("anonymous").isEqualTo(401);
        assertThat(regionHttp.get(location, asAdmin("fed-other")).status()).as("another tenant").isEqualTo(404);

        register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"propertyNames": ["name"]}],
                 "endpoint": "https://gent.example.org", "mode": "auxiliary"}""");
        assertThat(regionHttp.get(REGISTRATIONS + "?type=OffStreetParking&count=true", asAdmin(tenant, "Link", link))
                .header("NGSILD-Results-Count")).as("an attribute-only registration may hold any type").isEqualTo("2");
        assertThat(regionHttp.get(REGISTRATIONS + "?attrs=availableSpotNumber", asAdmin(tenant, "Link", link)).json())
                .hasSize(1);
        assertThat(regionHttp.get(REGISTRATIONS + "?q=mode==auxiliary", asAdmin(tenant)).json()).singleElement()
                .satisfies(found -> assertThat(found.get("endpoint").asText()).isEqualTo("https://gent.example.org"));
        assertThat(regionHttp.get(REGISTRATIONS + "?csf=registrationName==%22Kortrijk%20parking%22", asAdmin(tenant)).json())
                .hasSize(1);
        Http.Answer paged = regionHttp.get(REGISTRATIONS + "?limit=1&offset=1&count=true", asAdmin(tenant));
        assertThat(paged.json()).hasSize(1);
        assertThat(paged.json().get(0).get("mode").asText()).isEqualTo("auxiliary");
        assertThat(paged.header("Link")).contains("rel=\"prev\"");

        assertThat(regionHttp.patch(location, "{\"endpoint\": \"https://kortrijk.example.org/broker\", \"mode\": \"redirect\"}",
                asAdmin(tenant)).status()).isEqualTo(204);
        JsonNode updated = regionHttp.get(location + "?options=sysAttrs", asAdmin(tenant, "Link", link)).json();
        assertThat(updated.get("endpoint").asText()).isEqualTo("https://kortrijk.example.org/broker");
        assertThat(updated.get("mode").asText()).isEqualTo("redirect");
        assertThat(updated.get("registrationName").asText()).as("members not named are kept").isEqualTo("Kortrijk parking");
        assertThat(updated.has("createdAt") && updated.has("modifiedAt")).isTrue();

        assertThat(regionHttp.delete(location, asAdmin(tenant)).status()).isEqualTo(204);
        assertThat(regionHttp.get(location, asAdmin(tenant)).status()).isEqualTo(404);
        assertThat(regionHttp.delete(location, asAdmin(tenant)).status()).isEqualTo(404);
    }

    @Test
    void anInvalidRegistrationIsRefusedWithAProblemThatNamesTheMember() {
        String tenant = "fed-invalid";
        String valid = "\"information\": [{\"entities\": [{\"type\": \"Sensor\"}]}]";
        String[][] refused = {
            {"{\"type\": \"ContextSourceRegistration\", " + valid + "}", "endpoint"},
            {"{\"type\": \"Subscription\", " + valid + ", \"endpoint\": \"http://a.example\"}", "type"},
            {"{\"type\": \"ContextSourceRegistration\", \"endpoint\": \"http://a.example\"}", "information"},
            {"{\"type\": \"ContextSourceRegistration\", \"information\": [{}], \"endpoint\": \"http://a.example\"}", "information"},
            {"{\"type\": \"ContextSourceRegistration\", " + valid + ", \"endpoint\": \"ftp://a.example\"}", "endpoint"},
            {"{\"type\": \"ContextSourceRegistration\", " + valid + ", \"endpoint\": \"http://a.example\", \"mode\": \"greedy\"}", "mode"},
            {"{\"type\": \"ContextSourceRegistration\", " + valid + ", \"endpoint\": \"http://a.example\", \"operations\": [\"fly\"]}", "operations"},
            {"{\"type\": \"ContextSourceRegistration\", " + valid + ", \"endpoint\": \"http://a.example\", \"mode\": \"exclusive\"}", "exclusive"},
            {"{\"type\": \"ContextSourceRegistration\", " + valid + ", \"endpoint\": \"http://a.example\", \"expiresAt\": \"2001-01-01T00:00:00Z\"}", "expiresAt"},
            {"{\"type\": \"ContextSourceRegistration\", " + valid + ", \"endpoint\": \"http://a.example\", \"contextSourceInfo\": [{\"key\": \"Host\", \"value\": \"x\"}]}", "contextSourceInfo"},
            {"{\"type\": \"ContextSourceRegistration\", " + valid + ", \"endpoint\": \"http://a.example\", \"managementInterval\": {\"startAt\": \"2026-02-01T00:00:00Z\", \"endAt\": \"2026-01-01T00:00:00Z\"}}", "managementInterval"},
            {"{\"type\": \"ContextSourceRegistration\", " + valid + ", \"endpoint\": \"http://a.example\", \"location\": {\"type\": \"Point\", \"coordinates\": [500, 1]}}", "location"},
        };
        for (String[] body : refused) {
            Http.Answer answer = regionHttp.post(REGISTRATIONS, body[0], asAdmin(tenant));
            assertThat(answer.status()).as(body[0]).isEqualTo(400);
            assertThat(answer.errorType()).isEqualTo("BadRequestData");
            assertThat(answer.json().get("detail").asText()).as(body[0]).contains(body[1]);
        }

        String exclusive = """
                {"id": "urn:ngsi-ld:ContextSourceRegistration:%s", "type": "ContextSourceRegistration",
                 "information": [{"entities": [{"id": "urn:ngsi-ld:Sensor:1", "type": "Sensor"}],
                   "propertyNames": ["temperature"]}], "endpoint": "http://a.example", "mode": "exclusive"}""";
        register(tenant, exclusive.formatted("first"));
        Http.Answer conflict = regionHttp.post(REGISTRATIONS, exclusive.formatted("second"), asAdmin(tenant, "Link", link));
        assertThat(conflict.status()).as("two sources may not both hold an attribute exclusively").isEqualTo(409);
        assertThat(conflict.json().get("detail").asText()).contains("urn:ngsi-ld:ContextSourceRegistration:first");
        assertThat(regionHttp.post(REGISTRATIONS, exclusive.formatted("first"), asAdmin(tenant, "Link", link)).status())
                .as("the same id twice").isEqualTo(409);
    }

    @Test
    void aQueryAndARetrievalAtTheRegionAnswerFromTheCityToo() {
        String tenant = "fed-parking";
        create(cityHttp, tenant, """
                {"id": "urn:ngsi-ld:OffStreetParking:city-1", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": 10, "observedAt": "2026-01-01T10:00:00Z"}}""");
        create(cityHttp, tenant, """
                {"id": "urn:ngsi-ld:OffStreetParking:shared", "type": ["OffStreetParking", "ParkingSite"],
                 "availableSpotNumber": {"type": "Property", "value": 7, "observedAt": "2026-01-01T12:00:00Z"},
                 "name": {"type": "Property", "value": "Station"}}""");
        create(regionHttp, tenant, """
                {"id": "urn:ngsi-ld:OffStreetParking:region-1", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": 5, "observedAt": "2026-01-01T10:00:00Z"}}""",
                "X-API-Key", ADMIN_KEY);
        create(regionHttp, tenant, """
                {"id": "urn:ngsi-ld:OffStreetParking:shared", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": 3, "observedAt": "2026-01-01T11:00:00Z"}}""",
                "X-API-Key", ADMIN_KEY);
        String location = register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "OffStreetParking"}]}],
                 "endpoint": "http://127.0.0.1:%d"}""".formatted(city.port()));

        Http.Answer merged = regionHttp.get("/ngsi-ld/v1/entities?type=OffStreetParking&count=true",
                asAdmin(tenant, "Link", link));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.header("Warning")).isNull();
        assertThat(merged.json()).extracting(entity -> entity.get("id").asText()).containsExactly(
                "urn:ngsi-ld:OffStreetParking:city-1", "urn:ngsi-ld:OffStreetParking:region-1",
                "urn:ngsi-ld:OffStreetParking:shared");
        assertThat(merged.header("NGSILD-Results-Count")).isEqualTo("3");
        JsonNode shared = merged.json().get(2);
        assertThat(shared.at("/availableSpotNumber/value").asInt()).as("the most recent observedAt wins").isEqualTo(7);
        assertThat(shared.at("/name/value").asText()).isEqualTo("Station");
        assertThat(shared.get("type")).as("types merged").hasSize(2);

        Http.Answer second = regionHttp.get("/ngsi-ld/v1/entities?type=OffStreetParking&limit=1&offset=1",
                asAdmin(tenant, "Link", link));
        assertThat(second.json()).singleElement().satisfies(entity ->
                assertThat(entity.get("id").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:region-1"));
        assertThat(second.header("Link")).contains("rel=\"next\"").contains("rel=\"prev\"");

        assertThat(regionHttp.get("/ngsi-ld/v1/entities?type=OffStreetParking&local=true", asAdmin(tenant, "Link", link))
                .json()).as("local=true leaves the sources out").hasSize(2);

        Http.Answer retrieved = regionHttp.get("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:city-1",
                asAdmin(tenant, "Link", link));
        assertThat(retrieved.status()).as(retrieved.body()).isEqualTo(200);
        assertThat(retrieved.json().at("/availableSpotNumber/value").asInt()).isEqualTo(10);
        assertThat(regionHttp.get("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:shared?options=keyValues",
                asAdmin(tenant, "Link", link)).json().get("availableSpotNumber").asInt()).isEqualTo(7);
        assertThat(regionHttp.get("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:nowhere", asAdmin(tenant)).status())
                .isEqualTo(404);

        Http.Answer anonymous = regionHttp.get("/ngsi-ld/v1/entities?type=OffStreetParking", "NGSILD-Tenant", tenant,
                "Link", link);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json()).as("what an anonymous reader may not see here (a restricted dataset), it does not"
                + " see from a source either").isEmpty();
        assertThat(regionHttp.get("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:city-1", "NGSILD-Tenant", tenant)
                .status()).isEqualTo(404);

        printOverhead(tenant);
        JsonNode status = regionHttp.get(location, asAdmin(tenant)).json();
        assertThat(status.get("status").asText()).isEqualTo("ok");
        assertThat(status.get("timesSent").asLong()).isPositive();
        assertThat(regionHttp.delete(location, asAdmin(tenant)).status()).isEqualTo(204);
        assertThat(regionHttp.get("/ngsi-ld/v1/entities?type=OffStreetParking", asAdmin(tenant, "Link", link)).json())
                .as("without the registration, only the region's own").hasSize(2);
    }

    @Test
    void discoveryAndTemporalReadsAtTheRegionAnswerFromTheCityToo() {
        String tenant = "fed-history";
        create(cityHttp, tenant, """
                {"id": "urn:ngsi-ld:OffStreetParking:c1", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": 10, "observedAt": "2026-01-01T10:00:00Z"}}""");
        assertThat(cityHttp.patch("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:c1/attrs", """
                {"availableSpotNumber": {"type": "Property", "value": 11, "observedAt": "2026-01-01T11:00:00Z"}}""",
                "NGSILD-Tenant", tenant, "Link", link).status()).isEqualTo(204);
        create(cityHttp, tenant, """
                {"id": "urn:ngsi-ld:OffStreetParking:shared", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": 7, "observedAt": "2026-01-01T12:00:00Z"}}""");
        create(regionHttp, tenant, """
                {"id": "urn:ngsi-ld:OffStreetParking:shared", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": 3, "observedAt": "2026-01-01T09:00:00Z"}}""",
                "X-API-Key", ADMIN_KEY);
        create(regionHttp, tenant, """
                {"id": "urn:ngsi-ld:Sensor:r1", "type": "Sensor",
                 "temperature": {"type": "Property", "value": 20, "observedAt": "2026-01-01T10:00:00Z"}}""",
                "X-API-Key", ADMIN_KEY);
        register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "OffStreetParking"}]}],
                 "endpoint": "http://127.0.0.1:%d"}""".formatted(city.port()));

        Http.Answer types = regionHttp.get("/ngsi-ld/v1/types", asAdmin(tenant, "Link", link));
        assertThat(types.status()).as(types.body()).isEqualTo(200);
        assertThat(types.header("Warning")).isNull();
        assertThat(types.json().get("typeList")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("OffStreetParking", "Sensor");
        assertThat(regionHttp.get("/ngsi-ld/v1/types?local=true", asAdmin(tenant, "Link", link)).json().get("typeList"))
                .hasSize(2);
        JsonNode parking = regionHttp.get("/ngsi-ld/v1/types/OffStreetParking", asAdmin(tenant, "Link", link)).json();
        assertThat(parking.get("entityCount").asInt()).as("the region's one and the city's two").isEqualTo(3);
        assertThat(regionHttp.get("/ngsi-ld/v1/types?details=true", asAdmin(tenant, "Link", link)).json()).hasSize(2);
        assertThat(regionHttp.get("/ngsi-ld/v1/attributes", asAdmin(tenant, "Link", link)).json().get("attributeList"))
                .extracting(JsonNode::asText).containsExactlyInAnyOrder("availableSpotNumber", "temperature");
        assertThat(regionHttp.get("/ngsi-ld/v1/attributes/availableSpotNumber", asAdmin(tenant, "Link", link)).json()
                .get("attributeCount").asInt()).isEqualTo(3);
        assertThat(regionHttp.get("/ngsi-ld/v1/attributes?details=true", asAdmin(tenant, "Link", link)).json())
                .hasSize(2);

        Http.Answer history = regionHttp.get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:OffStreetParking:c1",
                asAdmin(tenant, "Link", link));
        assertThat(history.status()).as("held by the city only: " + history.body()).isEqualTo(200);
        assertThat(history.json().get("availableSpotNumber")).hasSize(2);
        JsonNode shared = regionHttp.get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:OffStreetParking:shared",
                asAdmin(tenant, "Link", link)).json();
        assertThat(shared.get("availableSpotNumber")).as("the region's instance and the city's")
                .extracting(instance -> instance.get("value").asInt()).containsExactlyInAnyOrder(3, 7);

        Http.Answer queried = regionHttp.get("/ngsi-ld/v1/temporal/entities?type=OffStreetParking,Sensor&count=true"
                + "&options=temporalValues", asAdmin(tenant, "Link", link));
        assertThat(queried.status()).as(queried.body()).isEqualTo(200);
        assertThat(queried.json()).extracting(entity -> entity.get("id").asText()).containsExactly(
                "urn:ngsi-ld:OffStreetParking:c1", "urn:ngsi-ld:OffStreetParking:shared", "urn:ngsi-ld:Sensor:r1");
        assertThat(queried.header("NGSILD-Results-Count")).isEqualTo("3");
        assertThat(queried.json().get(1).at("/availableSpotNumber/values")).hasSize(2);
        Http.Answer second = regionHttp.get("/ngsi-ld/v1/temporal/entities?type=OffStreetParking&limit=1&offset=1",
                asAdmin(tenant, "Link", link));
        assertThat(second.json()).singleElement().satisfies(entity ->
                assertThat(entity.get("id").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:shared"));
        assertThat(second.header("Link")).contains("rel=\"prev\"");

        assertThat(regionHttp.get("/ngsi-ld/v1/types", "NGSILD-Tenant", tenant).json().get("typeList"))
                .as("an anonymous reader sees no restricted type, from the city either").isEmpty();
        assertThat(regionHttp.get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:OffStreetParking:c1", "NGSILD-Tenant",
                tenant).status()).isEqualTo(404);
    }

    @Test
    void anOrderedQueryAndAQueryByPostAreAnsweredFromTheMergedEntities() {
        String tenant = "fed-order";
        String parking = """
                {"id": "urn:ngsi-ld:OffStreetParking:%s", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": %d}}""";
        create(cityHttp, tenant, parking.formatted("a", 50));
        create(cityHttp, tenant, parking.formatted("c", 10));
        create(regionHttp, tenant, parking.formatted("b", 30), "X-API-Key", ADMIN_KEY);
        create(regionHttp, tenant, parking.formatted("d", 70), "X-API-Key", ADMIN_KEY);
        register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "OffStreetParking"}]}],
                 "endpoint": "http://127.0.0.1:%d"}""".formatted(city.port()));

        Http.Answer descending = regionHttp.get("/ngsi-ld/v1/entities?type=OffStreetParking"
                + "&orderBy=availableSpotNumber;desc&limit=3&count=true", asAdmin(tenant, "Link", link));
        assertThat(descending.status()).as(descending.body()).isEqualTo(200);
        assertThat(descending.json()).extracting(entity -> entity.get("id").asText()).containsExactly(
                "urn:ngsi-ld:OffStreetParking:d", "urn:ngsi-ld:OffStreetParking:a", "urn:ngsi-ld:OffStreetParking:b");
        assertThat(descending.header("NGSILD-Results-Count")).isEqualTo("4");
        assertThat(regionHttp.get("/ngsi-ld/v1/entities?type=OffStreetParking&orderBy=availableSpotNumber"
                + "&limit=2&offset=1", asAdmin(tenant, "Link", link)).json()).extracting(entity -> entity.get("id").asText())
                .containsExactly("urn:ngsi-ld:OffStreetParking:b", "urn:ngsi-ld:OffStreetParking:a");

        Http.Answer posted = regionHttp.post("/ngsi-ld/v1/entityOperations/query?count=true", """
                {"type": "Query", "entities": [{"type": "OffStreetParking"}], "q": "availableSpotNumber>20",
                 "ordering": {"orderBy": "availableSpotNumber;desc"}}""", asAdmin(tenant, "Link", link));
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(posted.header("Warning")).isNull();
        assertThat(posted.json()).extracting(entity -> entity.get("id").asText()).containsExactly(
                "urn:ngsi-ld:OffStreetParking:d", "urn:ngsi-ld:OffStreetParking:a", "urn:ngsi-ld:OffStreetParking:b");
        assertThat(posted.header("NGSILD-Results-Count")).isEqualTo("3");
    }

    @Test
    void writesGoToTheSourcesThatTakeThemByTheirMode() {
        String tenant = "fed-writes";
        String x = "urn:ngsi-ld:OffStreetParking:x";
        register(tenant, """
                {"type": "ContextSourceRegistration", "mode": "exclusive",
                 "information": [{"entities": [{"id": "%s", "type": "OffStreetParking"}],
                                  "propertyNames": ["availableSpotNumber"]}],
                 "operations": ["createEntity", "updateEntity", "retrieveEntity"],
                 "endpoint": "http://127.0.0.1:%d"}""".formatted(x, city.port()));
        create(regionHttp, tenant, """
                {"id": "%s", "type": "OffStreetParking", "availableSpotNumber": {"type": "Property", "value": 5},
                 "name": {"type": "Property", "value": "Markt"}}""".formatted(x), "X-API-Key", ADMIN_KEY);
        JsonNode atCity = cityHttp.get("/ngsi-ld/v1/entities/" + x + "?options=keyValues", "NGSILD-Tenant", tenant,
                "Link", link).json();
        assertThat(atCity.get("availableSpotNumber").asInt()).as("the exclusive source holds its attribute").isEqualTo(5);
        assertThat(atCity.has("name")).isFalse();
        JsonNode atRegion = regionHttp.get("/ngsi-ld/v1/entities/" + x + "?options=keyValues&local=true",
                asAdmin(tenant, "Link", link)).json();
        assertThat(atRegion.has("availableSpotNumber")).as("not written here").isFalse();
        assertThat(atRegion.get("name").asText()).isEqualTo("Markt");
        assertThat(regionHttp.get("/ngsi-ld/v1/entities/" + x + "?options=keyValues", asAdmin(tenant, "Link", link))
                .json().get("availableSpotNumber").asInt()).as("read back merged").isEqualTo(5);
        assertThat(regionHttp.patch("/ngsi-ld/v1/entities/" + x + "/attrs",
                "{\"availableSpotNumber\": {\"type\": \"Property\", \"value\": 6}}", asAdmin(tenant, "Link", link))
                .status()).isEqualTo(204);
        assertThat(cityHttp.get("/ngsi-ld/v1/entities/" + x + "?options=keyValues", "NGSILD-Tenant", tenant, "Link", link)
                .json().get("availableSpotNumber").asInt()).isEqualTo(6);

        register(tenant, """
                {"type": "ContextSourceRegistration", "mode": "redirect", "operations": ["redirectionOps"],
                 "information": [{"entities": [{"type": "Sensor"}]}], "endpoint": "http://127.0.0.1:%d"}"""
                .formatted(city.port()));
        create(regionHttp, tenant, """
                {"id": "urn:ngsi-ld:Sensor:s1", "type": "Sensor", "temperature": {"type": "Property", "value": 1}}""",
                "X-API-Key", ADMIN_KEY);
        assertThat(cityHttp.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:s1", "NGSILD-Tenant", tenant).status())
                .as("redirected to the city").isEqualTo(200);
        assertThat(regionHttp.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:s1?local=true", asAdmin(tenant)).status())
                .as("not written here").isEqualTo(404);
        assertThat(regionHttp.delete("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:s1", asAdmin(tenant)).status())
                .isEqualTo(204);
        assertThat(cityHttp.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:s1", "NGSILD-Tenant", tenant).status())
                .as("deleted at the city").isEqualTo(404);

        register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "Counter"}]}],
                 "operations": ["createEntity"], "endpoint": "%s"}""".formatted(fake.url("/error")));
        Http.Answer partly = regionHttp.post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:Counter:1", "type": "Counter", "count": {"type": "Property", "value": 1}}""",
                asAdmin(tenant));
        assertThat(partly.status()).as(partly.body()).isEqualTo(207);
        assertThat(partly.json().at("/notUpdated/0/registrationId").asText()).startsWith("urn:ngsi-ld:ContextSourceRegistration:");
        assertThat(partly.json().at("/notUpdated/0/reason").asText()).contains("HTTP 500");
        assertThat(regionHttp.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Counter:1?local=true", asAdmin(tenant)).status())
                .as("an inclusive source's failure leaves the local write").isEqualTo(200);
    }

    @Test
    void aSubscriberToRegistrationsIsToldWhenOneAppearsChangesAndGoes() {
        String tenant = "fed-subscribed";
        try (Receiver receiver = new Receiver()) {
            Http.Answer subscribed = regionHttp.post("/ngsi-ld/v1/csourceSubscriptions", """
                    {"type": "Subscription", "entities": [{"type": "OffStreetParking"}],
                     "notification": {"endpoint": {"uri": "%s"}}}""".formatted(receiver.url()),
                    asAdmin(tenant, "Link", link));
            assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
            String subscription = subscribed.header("Location");
            assertThat(regionHttp.get(subscription, asAdmin(tenant, "Link", link)).json().at("/entities/0/type").asText())
                    .isEqualTo("OffStreetParking");
            assertThat(regionHttp.post("/ngsi-ld/v1/csourceSubscriptions", "{\"type\": \"Subscription\"}",
                    asAdmin(tenant)).status()).as("no endpoint").isEqualTo(400);

            register(tenant, """
                    {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "Sensor"}]}],
                     "endpoint": "http://sensors.example.org"}""");
            String location = register(tenant, """
                    {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "OffStreetParking"}]}],
                     "endpoint": "http://parking.example.org",
                     "contextSourceInfo": [{"key": "Authorization", "value": "Bearer never-notified"}]}""");
            assertThat(regionHttp.patch(location, "{\"endpoint\": \"http://parking2.example.org\"}", asAdmin(tenant))
                    .status()).isEqualTo(204);
            assertThat(regionHttp.delete(location, asAdmin(tenant)).status()).isEqualTo(204);

            List<Receiver.Received> notifications = receiver.await(3, any -> true);
            assertThat(notifications).extracting(n -> n.body().get("triggerReason").asText())
                    .containsExactlyInAnyOrder("newlyMatching", "updated", "noLongerMatching");
            assertThat(notifications).allSatisfy(n -> {
                assertThat(n.body().get("type").asText()).isEqualTo("Notification");
                assertThat(n.body().at("/data/0/information/0/entities/0/type").asText())
                        .as("in the subscriber's terms").isEqualTo("OffStreetParking");
                assertThat(n.body().toString()).doesNotContain("never-notified");
                assertThat(n.header("NGSILD-Tenant")).isEqualTo(tenant);
            });
            assertThat(receiver.settle()).as("the Sensor registration is not notified").hasSize(3);
            assertThat(regionHttp.delete(subscription, asAdmin(tenant)).status()).isEqualTo(204);
            assertThat(regionHttp.get(subscription, asAdmin(tenant)).status()).isEqualTo(404);
        }
    }

    @Test
    void aTenantThatExistsOnlyAtTheCityIsAnsweredFromTheCity() {
        String tenant = "fed-city-only";
        create(cityHttp, tenant, """
                {"id": "urn:ngsi-ld:OffStreetParking:only-city", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": 4}}""");
        register(tenant, """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "OffStreetParking"}]}],
                 "endpoint": "http://127.0.0.1:%d"}""".formatted(city.port()));
        Http.Answer queried = regionHttp.get("/ngsi-ld/v1/entities?type=OffStreetParking&count=true",
                asAdmin(tenant, "Link", link));
        assertThat(queried.status()).as(queried.body()).isEqualTo(200);
        assertThat(queried.json()).singleElement().satisfies(entity ->
                assertThat(entity.get("id").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:only-city"));
        assertThat(queried.header("NGSILD-Results-Count")).isEqualTo("1");
        assertThat(regionHttp.get("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:only-city", asAdmin(tenant)).status())
                .isEqualTo(200);
        assertThat(regionHttp.get("/ngsi-ld/v1/csourceRegistrations?q=mode==inclusive", asAdmin(tenant)).json())
                .as("the default mode is shown").hasSize(1);
        assertThat(regionHttp.get("/ngsi-ld/v1/entities?type=OffStreetParking&local=true", asAdmin(tenant)).status())
                .as("without the sources the tenant does not exist here").isEqualTo(404);
    }

    @Test
    void sourcesThatAreSlowFailAnswerGarbageOrLoopBackLeaveAPartialAnswerWithWarnings() {
        String tenant = "fed-failures";
        create(regionHttp, tenant, """
                {"id": "urn:ngsi-ld:Sensor:local", "type": "Sensor", "temperature": {"type": "Property", "value": 18}}""",
                "X-API-Key", ADMIN_KEY);
        String sensors = "\"information\": [{\"entities\": [{\"type\": \"Sensor\"}]}]";
        for (String source : List.of("/slow", "/error", "/garbage", "/echo")) {
            register(tenant, "{\"type\": \"ContextSourceRegistration\", " + sensors + ", \"endpoint\": \""
                    + fake.url(source) + "\", \"contextSourceInfo\": [{\"key\": \"Authorization\", \"value\": \"Bearer s3\"}]}");
        }
        register(tenant, "{\"type\": \"ContextSourceRegistration\", " + sensors + ", \"endpoint\": \"http://127.0.0.1:"
                + closedPort() + "\"}");
        register(tenant, "{\"type\": \"ContextSourceRegistration\", " + sensors + ", \"endpoint\": \"" + fake.url("/loop")
                + "\", \"contextSourceInfo\": [{\"key\": \"X-API-Key\", \"value\": \"" + ADMIN_KEY + "\"}]}");
        register(tenant, "{\"type\": \"ContextSourceRegistration\", " + sensors
                + ", \"endpoint\": \"http://169.254.169.254/latest\"}");

        long started = System.nanoTime();
        Http.Answer answer = regionHttp.get("/ngsi-ld/v1/entities?type=Sensor&attrs=temperature", asAdmin(tenant, "Link", link));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json()).extracting(entity -> entity.get("id").asText())
                .containsExactly("urn:ngsi-ld:Sensor:echo", "urn:ngsi-ld:Sensor:local");
        String warning = answer.header("Warning");
        assertThat(warning).startsWith("199 ")
                .contains(fake.url("/slow")).contains(fake.url("/error")).contains("HTTP 500")
                .contains(fake.url("/garbage")).contains("169.254.169.254").contains("link-local")
                .doesNotContain(fake.url("/echo")).doesNotContain(fake.url("/loop"));
        assertThat(took).as("a slow source costs at most its timeout, not its 10 s").isLessThan(Duration.ofSeconds(8));

        FakeBroker.Request forwarded = fake.echoed.getLast();
        assertThat(forwarded.uri()).contains("local=true").contains("type=Sensor");
        assertThat(forwarded.header("Link")).contains(fake.url("/context.jsonld"));
        assertThat(forwarded.header("NGSILD-Tenant")).isEqualTo(tenant);
        assertThat(forwarded.header("Authorization")).isEqualTo("Bearer s3");
        assertThat(forwarded.header("Via")).startsWith("1.1 belfort-");

        Http.Answer retrieved = regionHttp.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:local", asAdmin(tenant, "Link", link));
        assertThat(retrieved.status()).isEqualTo(200);
        assertThat(retrieved.header("Warning")).contains(fake.url("/error"));

        for (int i = 0; i < 3; i++) {
            regionHttp.get("/ngsi-ld/v1/entities?type=Sensor", asAdmin(tenant, "Link", link));
        }
        assertThat(regionHttp.get("/ngsi-ld/v1/entities?type=Sensor", asAdmin(tenant, "Link", link)).header("Warning"))
                .as("a source failing repeatedly is backed off").contains("left out after failing repeatedly");
        assertThat(regionHttp.get("/ngsi-ld/v1/entities?type=Sensor&local=true", asAdmin(tenant, "Link", link))
                .header("Warning")).isNull();
        JsonNode failing = regionHttp.get(REGISTRATIONS + "?q=endpoint==%22" + fake.url("/error").replace(":", "%3A")
                + "%22", asAdmin(tenant)).json().get(0);
        assertThat(failing.get("status").asText()).isEqualTo("failed");
        assertThat(failing.get("timesFailed").asLong()).isGreaterThanOrEqualTo(3);
    }

    /** A printed measurement, not a check: what asking one city adds to the region's own query (p50). */
    private static void printOverhead(String tenant) {
        String query = "/ngsi-ld/v1/entities?type=OffStreetParking";
        long[] federated = new long[200];
        long[] cityAlone = new long[200];
        for (int i = 0; i < federated.length; i++) {
            long start = System.nanoTime();
            regionHttp.get(query, asAdmin(tenant, "Link", link));
            federated[i] = System.nanoTime() - start;
            start = System.nanoTime();
            cityHttp.get(query + "&local=true", "NGSILD-Tenant", tenant, "Link", link);
            cityAlone[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(federated);
        java.util.Arrays.sort(cityAlone);
        System.out.printf("Federation: region query asking one city p50 %.2f ms, the city's own answer p50 %.2f ms%n",
                federated[100] / 1e6, cityAlone[100] / 1e6);
    }

    @Test
    void manyFailingSourcesLeaveABoundedWarning() {
        String tenant = "fed-many";
        for (int i = 0; i < 12; i++) {
            register(tenant, "{\"type\": \"ContextSourceRegistration\", \"information\": [{\"entities\": [{\"type\":"
                    + " \"Sensor\"}]}], \"endpoint\": \"" + fake.url("/error/" + i) + "\"}");
        }
        Http.Answer answer = regionHttp.get("/ngsi-ld/v1/entities?type=Sensor", asAdmin(tenant, "Link", link));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json()).isEmpty();
        assertThat(answer.header("Warning")).contains(fake.url("/error/9")).doesNotContain(fake.url("/error/10"))
                .endsWith("199 - \"2 more context sources could not answer; the answer is partial\"");
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
