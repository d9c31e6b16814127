package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access control with API keys on a platform that enforces it: writes need a publisher key of the tenant,
 * subscriptions a reader key, the admin APIs a (tenant) admin key; revoked, unknown and other tenants'
 * keys are refused with 401/403 problem details that reveal nothing else.
 */
class SecurityTest {
    private static final String ADMIN_KEY = "test-admin-key-0123456789";
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, ADMIN_KEY)
                .withPrivateOutbound(true));
        http = new Http(platform.port());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String createKey(String byKey, String tenant, String role, int status) {
        Http.Answer answer = http.post("/admin/keys", tenant == null ? "{\"role\": \"" + role + "\"}"
                : "{\"tenant\": \"" + tenant + "\", \"role\": \"" + role + "\", \"description\": \"test\"}", "X-API-Key", byKey);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return status == 201 ? answer.json().get("key").asText() : null;
    }

    private static Http.Answer createEntity(String tenant, String id, String... credentials) {
        String[] headers = new String[credentials.length + 2];
        headers[0] = "NGSILD-Tenant";
        headers[1] = tenant;
        System.arraycopy(credentials, 0, headers, 2, credentials.length);
        return http.post("/ngsi-ld/v1/entities", "{\"id\": \"" + id + "\", \"type\": \"Sensor\"}", headers);
    }

    @Test
    void writesNeedAPublisherKeyOfTheTenant() {
        Http.Answer anonymous = createEntity("sec-gent", "urn:ngsi-ld:Sensor:anonymous");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorType()).isEqualTo("Unauthorized");
        assertThat(anonymous.json().get("detail").asText()).contains("X-API-Key");

        String publisher = createKey(ADMIN_KEY, "sec-gent", "publisher", 201);
        assertThat(publisher).startsWith("blf_");
        assertThat(createEntity("sec-gent", "urn:ngsi-ld:Sensor:1", "X-API-Key", publisher).status()).isEqualTo(201);
        Http.Answer otherTenant = createEntity("sec-antwerpen", "urn:ngsi-ld:Sensor:1", "X-API-Key", publisher);
        assertThat(otherTenant.status()).isEqualTo(403);
        assertThat(otherTenant.errorType()).isEqualTo("Forbidden");

        String reader = createKey(ADMIN_KEY, "sec-gent", "reader", 201);
        assertThat(createEntity("sec-gent", "urn:ngsi-ld:Sensor:2", "X-API-Key", reader).status()).isEqualTo(403);
        assertThat(http.post("/ngsi-ld/v1/entityOperations/upsert", "[]", "NGSILD-Tenant", "sec-gent", "X-API-Key", reader)
                .status()).as("batch writes too").isEqualTo(403);
        assertThat(http.post("/ngsi-ld/v1/temporal/entities", "{\"id\": \"urn:ngsi-ld:Sensor:3\", \"type\": \"Sensor\"}",
                "NGSILD-Tenant", "sec-gent").status()).as("history writes too").isEqualTo(401);
        assertThat(http.post("/ngsi-ld/v1/entityOperations/query", "{\"type\": \"Query\", \"entities\": [{\"type\": \"Sensor\"}]}",
                "NGSILD-Tenant", "sec-gent", "X-API-Key", reader).status()).as("a query is a read").isEqualTo(200);
        assertThat(http.post("/ngsi-ld/v1/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Sensor"}], "notification": {"endpoint": {"uri": "http://127.0.0.1:9/x"}}}""",
                "NGSILD-Tenant", "sec-gent", "X-API-Key", reader).status()).as("a reader subscribes").isEqualTo(201);
        assertThat(http.post("/ngsi-ld/v1/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Sensor"}], "notification": {"endpoint": {"uri": "http://127.0.0.1:9/x"}}}""",
                "NGSILD-Tenant", "sec-gent", "X-API-Key", publisher).status()).isEqualTo(201);
        assertThat(http.get("/ngsi-ld/v1/subscriptions", "NGSILD-Tenant", "sec-gent").status())
                .as("subscriptions need a key").isEqualTo(401);
    }

    @Test
    void revokedUnknownAndMalformedKeysAreRefused() {
        String publisher = createKey(ADMIN_KEY, "sec-leuven", "publisher", 201);
        String id = publisher.substring(4, publisher.indexOf('_', 4));
        assertThat(http.delete("/admin/keys/" + id, "X-API-Key", ADMIN_KEY).status()).isEqualTo(204);
        Http.Answer revoked = createEntity("sec-leuven", "urn:ngsi-ld:Sensor:1", "X-API-Key", publisher);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.errorType()).isEqualTo("Unauthorized");
        assertThat(http.get("/ngsi-ld/v1/types", "X-API-Key", "blf_0000_nope").status()).isEqualTo(401);
        assertThat(http.get("/ngsi-ld/v1/types", "X-API-Key", publisher.substring(0, publisher.length() - 1) + "x").status())
                .as("a key with a wrong secret").isEqualTo(401);
        assertThat(http.get("/ngsi-ld/v1/types", "Authorization", "Bearer eyJhbGciOiJub25lIn0.e30.").status())
                .as("an unsigned token").isEqualTo(401);
    }

    @Test
    void keysAreShownOnceAndTenantAdminsManageOnlyTheirTenant() {
        String tenantAdmin = createKey(ADMIN_KEY, "sec-kortrijk", "tenant-admin", 201);
        String publisher = createKey(tenantAdmin, "sec-kortrijk", "publisher", 201);
        createKey(tenantAdmin, "sec-gent", "publisher", 403);
        createKey(tenantAdmin, null, "admin", 403);
        createKey(publisher, "sec-kortrijk", "reader", 403);
        createKey("blf_0000_nope", "sec-kortrijk", "reader", 401);

        JsonNode listed = http.get("/admin/keys?tenant=sec-kortrijk", "X-API-Key", tenantAdmin).json();
        assertThat(listed).hasSizeGreaterThanOrEqualTo(2);
        assertThat(listed.toString()).doesNotContain(publisher.substring(publisher.indexOf('_', 4) + 1))
                .doesNotContain("\"key\"");
        assertThat(http.get("/admin/keys", "X-API-Key", tenantAdmin).status()).as("all keys: admins only").isEqualTo(403);
        assertThat(http.get("/admin/keys?tenant=sec-gent", "X-API-Key", tenantAdmin).status()).isEqualTo(403);

        assertThat(http.put("/admin/datasets/sec-kortrijk/Sensor", "{\"accessLevel\": \"restricted\"}", "X-API-Key", tenantAdmin)
                .status()).isIn(200, 201);
        assertThat(http.put("/admin/datasets/sec-gent/Sensor", "{\"accessLevel\": \"restricted\"}", "X-API-Key", tenantAdmin)
                .status()).isEqualTo(403);
        assertThat(http.put("/admin/datasets/sec-kortrijk/Sensor", "{\"accessLevel\": \"restricted\"}", "X-API-Key", publisher)
                .status()).isEqualTo(403);
        assertThat(http.put("/admin/datasets/sec-kortrijk/Sensor", "{\"accessLevel\": \"restricted\"}").status()).isEqualTo(401);
    }

    @Test
    void hostedContextsServeEveryTenantSoOnlyAnAdminRemovesOne() {
        String publisher = createKey(ADMIN_KEY, "sec-ctx", "publisher", 201);
        Http.Answer added = http.post("/ngsi-ld/v1/jsonldContexts", "{\"@context\": {\"x\": \"https://example.org/x\"}}",
                "NGSILD-Tenant", "sec-ctx", "X-API-Key", publisher);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String location = added.header("Location");
        assertThat(http.delete(location, "NGSILD-Tenant", "sec-ctx", "X-API-Key", publisher).status()).isEqualTo(403);
        assertThat(http.delete(location).status()).isEqualTo(401);
        assertThat(http.get(location).status()).as("still served").isEqualTo(200);
        assertThat(http.delete(location, "X-API-Key", ADMIN_KEY).status()).isEqualTo(204);
    }

    @Test
    void openDataNeedsNoCredentials() {
        assertThat(http.get("/catalog").status()).isEqualTo(200);
        assertThat(http.get("/").status()).isEqualTo(200);
        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    @Test
    void readersSeeOnlyTheDatasetsTheirAccessLevelAllows() {
        String tenant = "sec-read";
        String publisher = createKey(ADMIN_KEY, tenant, "publisher", 201);
        String reader = createKey(ADMIN_KEY, tenant, "reader", 201);
        String otherReader = createKey(ADMIN_KEY, "sec-elsewhere", "reader", 201);
        for (String entity : new String[] {
                "{\"id\": \"urn:ngsi-ld:ParkingSpot:1\", \"type\": \"ParkingSpot\", \"status\": {\"type\": \"Property\", \"value\": \"free\"}}",
                "{\"id\": \"urn:ngsi-ld:CrowdFlowObserved:1\", \"type\": \"CrowdFlowObserved\", \"peopleCount\": {\"type\": \"Property\", \"value\": 9}}",
                "{\"id\": \"urn:ngsi-ld:Person:1\", \"type\": \"Person\", \"birthDate\": {\"type\": \"Property\", \"value\": \"1990-01-01\"}}"}) {
            assertThat(http.post("/ngsi-ld/v1/entities", entity, "NGSILD-Tenant", tenant, "X-API-Key", publisher).status())
                    .isEqualTo(201);
        }
        assertThat(http.put("/admin/datasets/" + tenant + "/ParkingSpot", "{\"accessLevel\": \"open\", "
                + OpenDataTest.METADATA + "}", "X-API-Key", ADMIN_KEY).status()).isIn(200, 201);
        assertThat(http.put("/admin/datasets/" + tenant + "/Person", "{\"accessLevel\": \"personal\"}", "X-API-Key", ADMIN_KEY)
                .status()).isIn(200, 201);

        for (String[] anonymousOrOther : new String[][] {{}, {"X-API-Key", otherReader}}) {
            assertThat(ids(tenant, "/ngsi-ld/v1/entities?type=ParkingSpot,CrowdFlowObserved,Person", anonymousOrOther))
                    .containsExactly("urn:ngsi-ld:ParkingSpot:1");
            assertThat(ids(tenant, "/ngsi-ld/v1/entities?idPattern=.*", anonymousOrOther)).containsExactly("urn:ngsi-ld:ParkingSpot:1");
            assertThat(get(tenant, "/ngsi-ld/v1/entities/urn:ngsi-ld:CrowdFlowObserved:1", anonymousOrOther).status())
                    .as("hidden entities do not exist").isEqualTo(404);
            assertThat(get(tenant, "/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:CrowdFlowObserved:1", anonymousOrOther).status())
                    .isEqualTo(404);
            assertThat(ids(tenant, "/ngsi-ld/v1/temporal/entities?type=CrowdFlowObserved", anonymousOrOther)).isEmpty();
            assertThat(get(tenant, "/ngsi-ld/v1/types", anonymousOrOther).json().get("typeList").toString())
                    .contains("ParkingSpot").doesNotContain("CrowdFlowObserved").doesNotContain("Person");
            assertThat(get(tenant, "/ngsi-ld/v1/types/CrowdFlowObserved", anonymousOrOther).status()).isEqualTo(404);
            assertThat(get(tenant, "/ngsi-ld/v1/attributes", anonymousOrOther).json().get("attributeList").toString())
                    .contains("status").doesNotContain("peopleCount").doesNotContain("birthDate");
            assertThat(get(tenant, "/ngsi-ld/v1/attributes/peopleCount", anonymousOrOther).status()).isEqualTo(404);
        }
        assertThat(ids(tenant, "/ngsi-ld/v1/entities?idPattern=.*", "X-API-Key", reader))
                .as("a reader of the tenant sees restricted data, not personal data")
                .containsExactlyInAnyOrder("urn:ngsi-ld:ParkingSpot:1", "urn:ngsi-ld:CrowdFlowObserved:1");
        assertThat(get(tenant, "/ngsi-ld/v1/entities/urn:ngsi-ld:Person:1", "X-API-Key", reader).status()).isEqualTo(404);
        assertThat(ids(tenant, "/ngsi-ld/v1/entities?idPattern=.*", "X-API-Key", publisher)).hasSize(3);
    }

    private static Http.Answer get(String tenant, String path, String... credentials) {
        String[] headers = new String[credentials.length + 2];
        headers[0] = "NGSILD-Tenant";
        headers[1] = tenant;
        System.arraycopy(credentials, 0, headers, 2, credentials.length);
        return http.get(path, headers);
    }

    private static java.util.List<String> ids(String tenant, String path, String... credentials) {
        Http.Answer answer = get(tenant, path, credentials);
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
        java.util.List<String> ids = new java.util.ArrayList<>();
        answer.json().forEach(entity -> ids.add(entity.get("id").asText()));
        return ids;
    }

    @Test
    void aSubscriberIsNotifiedOnlyOfWhatItMayReadWhenTheNotificationIsSent() {
        String tenant = "sec-notify";
        String publisher = createKey(ADMIN_KEY, tenant, "publisher", 201);
        String reader = createKey(ADMIN_KEY, tenant, "reader", 201);
        assertThat(http.put("/admin/datasets/" + tenant + "/Person", "{\"accessLevel\": \"personal\"}", "X-API-Key", ADMIN_KEY)
                .status()).isIn(200, 201);
        try (Receiver receiver = new Receiver()) {
            assertThat(http.post("/ngsi-ld/v1/subscriptions", """
                    {"type": "Subscription", "entities": [{"type": "CrowdFlowObserved"}, {"type": "Person"}],
                     "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}}}""".formatted(receiver.url()),
                    "NGSILD-Tenant", tenant, "X-API-Key", reader).status()).isEqualTo(201);
            for (String entity : new String[] {
                    "{\"id\": \"urn:ngsi-ld:Person:1\", \"type\": \"Person\", \"name\": {\"type\": \"Property\", \"value\": \"P\"}}",
                    "{\"id\": \"urn:ngsi-ld:CrowdFlowObserved:1\", \"type\": \"CrowdFlowObserved\", \"peopleCount\": {\"type\": \"Property\", \"value\": 1}}"}) {
                assertThat(http.post("/ngsi-ld/v1/entities", entity, "NGSILD-Tenant", tenant, "X-API-Key", publisher).status())
                        .isEqualTo(201);
            }
            receiver.await(1, r -> true);
            assertThat(receiver.settle()).extracting(r -> r.body().get("data").get(0).get("id").asText())
                    .as("the restricted change, not the personal one").containsExactly("urn:ngsi-ld:CrowdFlowObserved:1");

            String id = reader.substring(4, reader.indexOf('_', 4));
            assertThat(http.delete("/admin/keys/" + id, "X-API-Key", ADMIN_KEY).status()).isEqualTo(204);
            assertThat(http.patch("/ngsi-ld/v1/entities/urn:ngsi-ld:CrowdFlowObserved:1/attrs",
                    "{\"peopleCount\": {\"type\": \"Property\", \"value\": 2}}", "NGSILD-Tenant", tenant,
                    "X-API-Key", publisher).status()).isEqualTo(204);
            assertThat(receiver.settle()).as("a revoked subscriber sees only open data from then on").hasSize(1);
        }
    }

    @Test
    void everyWriteAndPolicyChangeIsInTheTenantsAuditLog() {
        String tenant = "sec-audit";
        String tenantAdmin = createKey(ADMIN_KEY, tenant, "tenant-admin", 201);
        String publisher = createKey(tenantAdmin, tenant, "publisher", 201);
        String reader = createKey(tenantAdmin, tenant, "reader", 201);
        assertThat(http.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Sensor:a\", \"type\": \"Sensor\","
                + " \"temperature\": {\"type\": \"Property\", \"value\": 3}}", "NGSILD-Tenant", tenant, "X-API-Key", publisher)
                .status()).isEqualTo(201);
        assertThat(http.patch("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:a/attrs", "{\"temperature\": {\"type\": \"Property\", \"value\": 4}}",
                "NGSILD-Tenant", tenant, "X-API-Key", reader).status()).isEqualTo(403);
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:a", "NGSILD-Tenant", tenant, "X-API-Key", reader).status())
                .isEqualTo(200);

        Http.Answer log = http.get("/admin/audit/" + tenant, "X-API-Key", tenantAdmin);
        assertThat(log.status()).isEqualTo(200);
        JsonNode entries = log.json();
        String publisherId = publisher.substring(4, publisher.indexOf('_', 4));
        String readerId = reader.substring(4, reader.indexOf('_', 4));
        assertThat(entries.toString()).as("reads are not audited").doesNotContain("\"GET ");
        JsonNode refused = entries.get(0);
        assertThat(refused.get("principal").asText()).isEqualTo(readerId);
        assertThat(refused.get("operation").asText()).isEqualTo("PATCH /ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:a/attrs");
        assertThat(refused.get("entityId").asText()).isEqualTo("urn:ngsi-ld:Sensor:a");
        assertThat(refused.get("attributes").toString()).isEqualTo("[\"temperature\"]");
        assertThat(refused.get("status").asInt()).isEqualTo(403);
        JsonNode created = entries.get(1);
        assertThat(created.get("principal").asText()).isEqualTo(publisherId);
        assertThat(created.get("role").asText()).isEqualTo("publisher");
        assertThat(created.get("operation").asText()).isEqualTo("POST /ngsi-ld/v1/entities");
        assertThat(created.get("status").asInt()).isEqualTo(201);
        assertThat(entries.toString()).as("key creation is a policy change").contains("POST /admin/keys");

        // An accepted write names its route, and its entity and attribute from the route's path parameters.
        assertThat(http.patch("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:a/attrs/temperature", "{\"value\": 5}",
                "NGSILD-Tenant", tenant, "X-API-Key", publisher).status()).isEqualTo(204);
        JsonNode updated = http.get("/admin/audit/" + tenant, "X-API-Key", tenantAdmin).json().get(0);
        assertThat(updated.get("operation").asText()).isEqualTo("PATCH /ngsi-ld/v1/entities/{entityId}/attrs/{attrId}");
        assertThat(updated.get("entityId").asText()).isEqualTo("urn:ngsi-ld:Sensor:a");
        assertThat(updated.get("attributes").toString()).isEqualTo("[\"temperature\"]");
        assertThat(http.get("/admin/audit/" + tenant, "X-API-Key", publisher).status()).isEqualTo(403);
        assertThat(http.get("/admin/audit/sec-gent", "X-API-Key", tenantAdmin).status()).isEqualTo(403);
    }

    @Test
    void aRefusedRequestCarryingANulHidesNoWriteFromTheAuditLog() throws Exception {
        String tenant = "sec-audit-nul";
        String tenantAdmin = createKey(ADMIN_KEY, tenant, "tenant-admin", 201);
        String publisher = createKey(tenantAdmin, tenant, "publisher", 201);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        // Sent together, so that the refused request is written in one audit batch with accepted ones.
        try (var senders = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 200; i++) {
                String id = "urn:ngsi-ld:Sensor:audited-" + i;
                answers.add(senders.submit(() -> createEntity(tenant, id, "X-API-Key", publisher).status()));
                if (i == 100) {
                    answers.add(senders.submit(() -> http.post("/ngsi-ld/v1/entities",
                            "{\"id\": \"urn:ngsi-ld:Sensor:nul\\u0000\", \"type\": \"Sensor\","
                                    + " \"a\\u0000b\": {\"type\": \"Property\", \"value\": 1}}",
                            "NGSILD-Tenant", tenant, "X-API-Key", publisher).status()));
                }
            }
            for (var answer : answers) {
                answer.get();
            }
        }
        Http.Answer log = http.get("/admin/audit/" + tenant + "?limit=1000", "X-API-Key", tenantAdmin);
        assertThat(log.status()).as(log.body()).isEqualTo(200);
        List<JsonNode> writes = new ArrayList<>();
        log.json().forEach(entry -> {
            if (entry.get("operation").asText().equals("POST /ngsi-ld/v1/entities")) {
                writes.add(entry);
            }
        });
        assertThat(writes).as("every accepted write and the refused one").hasSize(201);
        assertThat(writes.stream().filter(entry -> entry.get("status").asInt() == 201)).hasSize(200);
        JsonNode refused = writes.stream().filter(entry -> entry.get("status").asInt() != 201).findFirst().orElseThrow();
        assertThat(refused.get("entityId").asText()).isEqualTo("urn:ngsi-ld:Sensor:nul\\u0000");
    }

    /** Purge Entities (DELETE /entities, v1.8.1) is a write: a publisher of the tenant may, a reader may not; both are audited. */
    @Test
    void purgeEntitiesNeedsAPublisherKeyAndIsAudited() {
        String tenant = "sec-purge";
        String tenantAdmin = createKey(ADMIN_KEY, tenant, "tenant-admin", 201);
        String publisher = createKey(tenantAdmin, tenant, "publisher", 201);
        String reader = createKey(tenantAdmin, tenant, "reader", 201);
        assertThat(createEntity(tenant, "urn:ngsi-ld:Sensor:purged", "X-API-Key", publisher).status()).isEqualTo(201);

        assertThat(http.delete("/ngsi-ld/v1/entities?type=Sensor", "NGSILD-Tenant", tenant).status()).isEqualTo(401);
        assertThat(http.delete("/ngsi-ld/v1/entities?type=Sensor", "NGSILD-Tenant", tenant, "X-API-Key", reader).status())
                .isEqualTo(403);
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:purged", "NGSILD-Tenant", tenant, "X-API-Key", reader)
                .status()).as("a refused purge deletes nothing").isEqualTo(200);
        assertThat(http.delete("/ngsi-ld/v1/entities?type=Sensor", "NGSILD-Tenant", tenant, "X-API-Key", publisher).status())
                .isEqualTo(204);
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:purged", "NGSILD-Tenant", tenant, "X-API-Key", reader)
                .status()).isEqualTo(404);

        JsonNode entries = http.get("/admin/audit/" + tenant, "X-API-Key", tenantAdmin).json();
        String publisherId = publisher.substring(4, publisher.indexOf('_', 4));
        java.util.List<JsonNode> purges = new java.util.ArrayList<>();
        entries.forEach(entry -> {
            if (entry.get("operation").asText().equals("DELETE /ngsi-ld/v1/entities")) {
                purges.add(entry);
            }
        });
        assertThat(purges).extracting(entry -> entry.get("status").asInt()).containsExactlyInAnyOrder(401, 403, 204);
        assertThat(purges).filteredOn(entry -> entry.get("status").asInt() == 204)
                .allSatisfy(entry -> assertThat(entry.get("principal").asText()).isEqualTo(publisherId));
    }
}
