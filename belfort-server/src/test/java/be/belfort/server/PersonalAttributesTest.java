package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attributes a dataset marks personal: only the tenant's publishers see them, on every read path; nobody
 * can filter on them to learn their values; notifications leave them out; open data never publishes them.
 */
class PersonalAttributesTest {
    private static final String ADMIN_KEY = "test-admin-key-0123456789";
    private static final String TENANT = "pa-gent";
    private static final String ID = "urn:ngsi-ld:Vehicle:pa-1";
    private static final String SECRET = "Driver Secretname";
    private static Platform platform;
    private static Http http;
    private static String publisher;
    private static String reader;

    @BeforeAll
    static void start() {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, ADMIN_KEY)
                .withPrivateOutbound(true));
        http = new Http(platform.port());
        publisher = key("publisher");
        reader = key("reader");
        Http.Answer declared = http.put("/admin/datasets/" + TENANT + "/Vehicle", "{\"accessLevel\": \"open\", "
                + OpenDataTest.METADATA + ", \"personalAttributes\": [\"driverName\"]}", "X-API-Key", ADMIN_KEY);
        assertThat(declared.status()).as(declared.body()).isIn(200, 201);
        assertThat(declared.json().get("personalAttributes").toString()).isEqualTo("[\"driverName\"]");
        assertThat(http.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "Vehicle", "speed": {"type": "Property", "value": 42},
                 "axleCount": {"type": "Property", "value": 2},
                 "driverName": {"type": "Property", "value": "%s"},
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.72, 51.05]}}}"""
                .formatted(ID, SECRET), "NGSILD-Tenant", TENANT, "X-API-Key", publisher).status()).isEqualTo(201);
        assertThat(http.post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:Truck:pa-1", "type": "Truck", "axleCount": {"type": "Property", "value": 5}}""",
                "NGSILD-Tenant", TENANT, "X-API-Key", publisher).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String key(String role) {
        Http.Answer created = http.post("/admin/keys", "{\"tenant\": \"" + TENANT + "\", \"role\": \"" + role + "\"}",
                "X-API-Key", ADMIN_KEY);
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    private static Http.Answer get(String path, String... credentials) {
        String[] headers = new String[credentials.length + 2];
        headers[0] = "NGSILD-Tenant";
        headers[1] = TENANT;
        System.arraycopy(credentials, 0, headers, 2, credentials.length);
        return http.get(path, headers);
    }

    @Test
    void anAggregationKeptForAPublisherIsNeverShownToOtherReaders() {
        // the publisher asks first: its answer (with the personal attribute) is kept, and must not be given to others
        // (a query naming a personal attribute leaves out, for other readers, the entities that hide it)
        String aggregation = "attrs=speed,driverName&options=aggregatedValues&aggrMethods=totalCount"
                + "&aggrPeriodDuration=P1D&timeproperty=modifiedAt";
        for (String path : List.of("/ngsi-ld/v1/temporal/entities/" + ID + "?" + aggregation,
                "/ngsi-ld/v1/temporal/entities?type=Vehicle&" + aggregation)) {
            for (int round = 0; round < 2; round++) {
                Http.Answer own = get(path, "X-API-Key", publisher);
                assertThat(own.status()).as(path).isEqualTo(200);
                assertThat(own.body()).as(path).contains("driverName");
                for (String[] credentials : new String[][] {{}, {"X-API-Key", reader}}) {
                    Http.Answer answer = get(path, credentials);
                    assertThat(answer.status()).as(path).isEqualTo(200);
                    assertThat(answer.body()).as(path).doesNotContain("driverName");
                    if (!path.contains("?type=")) {
                        assertThat(answer.body()).as(path).contains("speed");
                    }
                }
            }
        }
    }

    @Test
    void onlyPublishersSeePersonalAttributesOnEveryReadPath() {
        List<String> paths = List.of("/ngsi-ld/v1/entities/" + ID, "/ngsi-ld/v1/entities?type=Vehicle",
                "/ngsi-ld/v1/entities?type=Vehicle&q=speed%3E1", "/ngsi-ld/v1/temporal/entities/" + ID,
                "/ngsi-ld/v1/temporal/entities?id=" + ID + "&timeproperty=modifiedAt&timerel=after&timeAt=2000-01-01T00:00:00Z",
                "/ngsi-ld/v1/attributes", "/ngsi-ld/v1/attributes?details=true", "/ngsi-ld/v1/types/Vehicle",
                "/ngsi-ld/v1/types?details=true");
        for (String path : paths) {
            for (String[] credentials : new String[][] {{}, {"X-API-Key", reader}}) {
                Http.Answer answer = get(path, credentials);
                assertThat(answer.status()).as(path).isEqualTo(200);
                assertThat(answer.body()).as(path).contains("speed").doesNotContain("driverName").doesNotContain(SECRET);
            }
            Http.Answer own = get(path, "X-API-Key", publisher);
            assertThat(own.body()).as(path + " for a publisher").contains("driverName");
        }
        assertThat(get("/ngsi-ld/v1/entities/" + ID + "?attrs=driverName", "X-API-Key", publisher).body()).contains(SECRET);
    }

    @Test
    void discoveryCountsOnlyWhatTheReaderMaySee() {
        JsonNode anyone = get("/ngsi-ld/v1/attributes/axleCount").json();
        assertThat(anyone.get("attributeCount").asInt()).as("the restricted Truck is not counted").isEqualTo(1);
        assertThat(anyone.get("typeNames").toString()).isEqualTo("[\"Vehicle\"]");
        JsonNode own = get("/ngsi-ld/v1/attributes/axleCount", "X-API-Key", publisher).json();
        assertThat(own.get("attributeCount").asInt()).isEqualTo(2);
        assertThat(get("/ngsi-ld/v1/attributes/driverName").status()).isEqualTo(404);
        assertThat(get("/ngsi-ld/v1/attributes/driverName", "X-API-Key", reader).status()).isEqualTo(404);
        assertThat(get("/ngsi-ld/v1/attributes/driverName", "X-API-Key", publisher).json().get("attributeCount").asInt())
                .isPositive();
    }

    @Test
    void filteringOnAPersonalAttributeRevealsNothing() {
        for (String query : new String[] {"q=driverName%3D%3D%22" + SECRET.replace(" ", "%20") + "%22", "q=driverName",
                "attrs=driverName", "q=speed%3E1%3BdriverName~%3D%22Dri.*%22"}) {
            String path = "/ngsi-ld/v1/entities?type=Vehicle&id=" + ID + "&" + query;
            assertThat(get(path, "X-API-Key", reader).json()).as(query).isEmpty();
            assertThat(get(path).json()).as(query).isEmpty();
            assertThat(get(path, "X-API-Key", publisher).json()).as(query + " for a publisher").hasSize(1);
        }
    }

    @Test
    void openDataNeverPublishesPersonalAttributes() {
        for (String path : new String[] {"/latest.csv", "/latest.geojson", "/ldes/pages/0", "/ldes/latest/pages/0"}) {
            Http.Answer answer = http.get("/datasets/" + TENANT + "/Vehicle" + path, "Accept",
                    path.contains("ldes") ? "text/turtle" : "*/*");
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.body()).as(path).contains("speed").doesNotContain("driverName").doesNotContain(SECRET);
        }
    }

    @Test
    void notificationsLeavePersonalAttributesOutAndChangesToThemAlone() {
        String id = "urn:ngsi-ld:Vehicle:pa-notified";
        assertThat(http.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "Vehicle", "speed": {"type": "Property", "value": 1},
                 "driverName": {"type": "Property", "value": "%s"}}""".formatted(id, SECRET),
                "NGSILD-Tenant", TENANT, "X-API-Key", publisher).status()).isEqualTo(201);
        try (Receiver receiver = new Receiver()) {
            assertThat(http.post("/ngsi-ld/v1/subscriptions", """
                    {"type": "Subscription", "entities": [{"id": "%s", "type": "Vehicle"}],
                     "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}}}""".formatted(id, receiver.url()),
                    "NGSILD-Tenant", TENANT, "X-API-Key", reader).status()).isEqualTo(201);
            assertThat(http.patch("/ngsi-ld/v1/entities/" + id + "/attrs",
                    "{\"driverName\": {\"type\": \"Property\", \"value\": \"Another Driver\"}}", "NGSILD-Tenant", TENANT,
                    "X-API-Key", publisher).status()).isEqualTo(204);
            assertThat(http.patch("/ngsi-ld/v1/entities/" + id + "/attrs",
                    "{\"speed\": {\"type\": \"Property\", \"value\": 50}}", "NGSILD-Tenant", TENANT,
                    "X-API-Key", publisher).status()).isEqualTo(204);
            receiver.await(1, r -> true);
            List<Receiver.Received> received = receiver.settle();
            assertThat(received).as("the change to the personal attribute alone is not notified").hasSize(1);
            JsonNode data = received.get(0).body().get("data").get(0);
            assertThat(data.get("speed").asInt()).isEqualTo(50);
            assertThat(data.has("driverName")).isFalse();
            assertThat(received.get(0).body().toString()).doesNotContain("Another Driver");
        }
    }
}
