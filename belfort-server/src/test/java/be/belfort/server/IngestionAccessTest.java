package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingestion on a platform that enforces access control: provisioning needs a publisher key of the tenant, a device
 * sends with its group's key alone, and Belfort's own ingest endpoint needs a publisher key.
 */
class IngestionAccessTest {
    private static final String ADMIN_KEY = "ingestion-admin-key-0123456789";
    private static final String TENANT = "acc-city";
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, ADMIN_KEY));
        http = new Http(platform.port());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String key(String tenant, String role) {
        return http.newKey(ADMIN_KEY, tenant, role);
    }

    @Test
    void provisioningNeedsAPublisherOfTheTenantAndDevicesSendWithTheirKey() {
        String group = "{\"services\": [{\"apikey\": \"acc-key-0001\", \"resource\": \"/iot/json\", \"entity_type\": \"Sensor\"}]}";
        Http.Answer anonymous = http.post("/iot/services", group, "fiware-service", TENANT);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorType()).isEqualTo("Unauthorized");
        assertThat(http.post("/iot/services", group, "fiware-service", TENANT, "X-API-Key", key(TENANT, "reader")).status())
                .isEqualTo(403);
        assertThat(http.post("/iot/services", group, "fiware-service", TENANT, "X-API-Key", key("acc-other", "publisher"))
                .status()).as("another tenant's publisher").isEqualTo(403);
        String publisher = key(TENANT, "publisher");
        assertThat(http.post("/iot/services", group, "fiware-service", TENANT, "X-API-Key", publisher).status()).isEqualTo(201);
        assertThat(http.post("/iot/devices", "{\"devices\": [{\"device_id\": \"s1\"}]}", "NGSILD-Tenant", TENANT,
                "X-API-Key", publisher).status()).as("the NGSI-LD tenant header works too").isEqualTo(201);
        assertThat(http.get("/iot/devices/s1", "fiware-service", TENANT).status()).isEqualTo(401);
        assertThat(http.get("/iot/devices/s1", "fiware-service", TENANT, "X-API-Key", publisher).status()).isEqualTo(200);

        assertThat(http.post("/iot/json?k=acc-key-0001&i=s1", "{\"level\": 3}").status())
                .as("a device's credential is its group's key").isEqualTo(200);
        assertThat(http.post("/iot/json?k=acc-key-0002&i=s1", "{\"level\": 3}").status()).isEqualTo(401);
        assertThat(http.post("/ingest/" + TENANT + "/devices/s1", "{\"level\": 4}").status()).isEqualTo(401);
        assertThat(http.post("/ingest/" + TENANT + "/devices/s1", "{\"level\": 4}", "X-API-Key", publisher).status())
                .isEqualTo(200);
        Http.Answer entity = http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:s1", "NGSILD-Tenant", TENANT,
                "X-API-Key", publisher);
        assertThat(entity.json().path("level").path("value").asInt()).isEqualTo(4);
    }

    @Test
    void provisioningCallsAreAuditedAndDeviceMessagesAreNot() {
        String tenant = "acc-audit";
        String publisher = key(tenant, "publisher");
        String reader = key(tenant, "reader");
        assertThat(http.post("/iot/services", "{\"services\": [{\"apikey\": \"audit-key-1\", \"entity_type\": \"Sensor\"}]}",
                "fiware-service", tenant, "X-API-Key", publisher).status()).isEqualTo(201);
        assertThat(http.post("/iot/devices", "{\"devices\": [{\"device_id\": \"a1\"}]}", "fiware-service", tenant,
                "X-API-Key", reader).status()).isEqualTo(403);
        assertThat(http.post("/iot/devices", "{\"devices\": [{\"device_id\": \"a1\"}]}", "fiware-service", tenant,
                "X-API-Key", publisher).status()).isEqualTo(201);
        assertThat(http.put("/iot/devices/a1", "{\"entity_name\": \"urn:ngsi-ld:Sensor:audited\"}", "fiware-service", tenant,
                "X-API-Key", publisher).status()).isEqualTo(204);
        assertThat(http.post("/iot/json?k=audit-key-1&i=a1", "{\"level\": 1}").status()).isEqualTo(200);

        Http.Answer log = http.get("/admin/audit/" + tenant, "X-API-Key", ADMIN_KEY);
        assertThat(log.status()).as(log.body()).isEqualTo(200);
        String publisherId = publisher.substring(4, publisher.indexOf('_', 4));
        String readerId = reader.substring(4, reader.indexOf('_', 4));
        assertThat(log.json().findValuesAsText("operation")).containsSubsequence("PUT /iot/devices/a1", "POST /iot/devices",
                "POST /iot/devices", "POST /iot/services").doesNotContain("POST /iot/json");
        assertThat(log.json().get(0).path("principal").asText()).isEqualTo(publisherId);
        assertThat(log.json().get(0).path("tenant").asText()).isEqualTo(tenant);
        assertThat(log.json().get(2).path("principal").asText()).isEqualTo(readerId);
        assertThat(log.json().get(2).path("status").asInt()).isEqualTo(403);
    }
}
