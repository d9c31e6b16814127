package be.belfort.server;

import be.belfort.ingestion.IngestionSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Devices publishing to a real MQTT broker (Debian mosquitto) on the IoT Agent topics, and on a device group's own
 * topic, end up as entities with history; a bad value is refused in the device's status and the good ones are kept;
 * a message is acknowledged only once committed.
 */
class IngestionMqttTest {
    private static final String TENANT = "mqtt-city";
    private static Mosquitto broker;
    private static Platform platform;
    private static Http http;
    private static Mqtt3BlockingClient device;

    @BeforeAll
    static void start() throws Exception {
        // One message in flight: Belfort reads the next message only once it acknowledged the one before, which
        // shows when it acknowledges (the broker's own limit is its default of 20).
        broker = Mosquitto.start("");
        device = broker.connect("device");
        Settings settings = TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(false, null);
        platform = Platform.start(settings.withIngestion(IngestionSettings.DEFAULTS.withMqtt(
                new IngestionSettings.MqttBroker(broker.url(), null, null, null, null,
                        IngestionSettings.MqttBroker.Version.V5, 1))));
        http = new Http(platform.port());
        assertThat(http.post("/iot/services", """
                {"services": [{"apikey": "mqtt-key-1", "resource": "", "entity_type": "WeatherObserved",
                  "attributes": [{"object_id": "t", "name": "temperature", "type": "Number", "unitCode": "CEL"}]}]}""",
                "fiware-service", TENANT).status()).isEqualTo(201);
        assertThat(http.post("/iot/devices", "{\"devices\": [{\"device_id\": \"ws-json\"}, {\"device_id\": \"ws-ul\","
                + " \"attributes\": [{\"object_id\": \"h\", \"name\": \"relativeHumidity\", \"type\": \"Integer\"}]}]}",
                "fiware-service", TENANT).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (device != null) {
            device.disconnect();
        }
        if (platform != null) {
            platform.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static void publish(String topic, String payload) {
        device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }


    @Test
    void jsonAndUltralightMessagesOnTheIotAgentTopicsBecomeEntitiesWithHistory() throws Exception {
        publish("/mqtt-key-1/ws-json/attrs", "{\"t\": 4.5, \"TimeInstant\": \"2026-11-30T06:00:00Z\"}");
        publish("/json/mqtt-key-1/ws-json/attrs", "{\"t\": 5.5, \"TimeInstant\": \"2026-11-30T07:00:00Z\"}");
        publish("/ul/mqtt-key-1/ws-ul/attrs", "t|3.5|h|80");
        JsonNode history = await("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:WeatherObserved:ws-json?attrs=temperature",
                body -> body.path("temperature").size() == 2);
        assertThat(history.path("temperature").findValuesAsText("observedAt"))
                .containsExactlyInAnyOrder("2026-11-30T06:00:00Z", "2026-11-30T07:00:00Z");
        JsonNode ultralight = await("/ngsi-ld/v1/entities/urn:ngsi-ld:WeatherObserved:ws-ul",
                body -> body.has("relativeHumidity"));
        assertThat(ultralight.path("relativeHumidity").path("value").asInt()).isEqualTo(80);
        assertThat(ultralight.path("temperature").path("unitCode").asText()).isEqualTo("CEL");
    }

    @Test
    void badMessagesAreRecordedInTheDeviceStatus() throws Exception {
        publish("/ul/mqtt-key-1/ws-ul/attrs", "t|cold|h|70");
        publish("/ul/mqtt-key-1/ws-ul/attrs", "t|1|h");
        publish("/unknown-key/ws-ul/attrs", "{\"t\": 1}");
        JsonNode status = await("/iot/devices/ws-ul", body -> body.path("status").path("refused").asLong() >= 2);
        assertThat(status.path("status").path("lastErrors").toString())
                .contains("'t': expected a number").contains("a key without a value");
        await("/ngsi-ld/v1/entities/urn:ngsi-ld:WeatherObserved:ws-ul",
                body -> body.path("relativeHumidity").path("value").asInt() == 70);
    }

    @Test
    void aGroupsOwnTopicWithJsonPointersProvisionsItsDevicesWhenTheGroupAllowsIt() throws Exception {
        assertThat(http.post("/iot/services", """
                {"services": [{"apikey": "mqtt-key-2", "resource": "/noise", "entity_type": "NoiseLevelObserved",
                  "autoprovision": true, "mqtt": {"topic": "city/noise/+/up", "measures": "/readings", "time": "/ts"},
                  "attributes": [{"object_id": "l", "name": "LAeq", "type": "Number"}]}]}""",
                "fiware-service", TENANT).status()).isEqualTo(201);
        JsonNode entity = null;
        // The new group's topic is followed within seconds: publish until it is.
        for (int attempt = 0; attempt < 40 && entity == null; attempt++) {
            publish("city/noise/nl-7/up", "{\"ts\": \"2026-11-30T08:00:00Z\", \"readings\": {\"l\": 55.5}}");
            Thread.sleep(250);
            Http.Answer answer = http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:NoiseLevelObserved:nl-7", "NGSILD-Tenant", TENANT);
            entity = answer.status() == 200 ? answer.json() : null;
        }
        assertThat(entity).as("the device provisioned by its first message").isNotNull();
        assertThat(entity.path("LAeq").path("value").asDouble()).isEqualTo(55.5);
        assertThat(entity.path("LAeq").path("observedAt").asText()).isEqualTo("2026-11-30T08:00:00Z");
        assertThat(http.get("/iot/devices/nl-7", "fiware-service", TENANT).status()).isEqualTo(200);

        publish("/mqtt-key-1/never-provisioned/attrs", "{\"t\": 1}");
        publish("/ul/mqtt-key-1/ws-ul/attrs", "h|33");
        await("/ngsi-ld/v1/entities/urn:ngsi-ld:WeatherObserved:ws-ul", body -> body.path("relativeHumidity").path("value").asInt() == 33);
        assertThat(http.get("/iot/devices/never-provisioned", "fiware-service", TENANT).status())
                .as("a group that does not say autoprovision provisions nothing").isEqualTo(404);

        Http.Answer taken = http.post("/iot/services", "{\"services\": [{\"apikey\": \"mqtt-key-3\", \"resource\": \"\","
                + " \"mqtt\": {\"topic\": \"city/noise/+/up\"}}]}", "fiware-service", TENANT);
        assertThat(taken.status()).as("a topic belongs to one group").isEqualTo(409);
        assertThat(http.post("/iot/services", "{\"services\": [{\"apikey\": \"mqtt-key-4\", \"resource\": \"\","
                + " \"mqtt\": {\"topic\": \"city/#/up\"}}]}", "fiware-service", TENANT).status()).isEqualTo(400);
    }

    @Test
    void aMessageIsAcknowledgedOnlyOnceItsMeasurementsCommitted() throws Exception {
        publish("/ul/mqtt-key-1/ws-json/attrs", "t|1.5");
        await("/ngsi-ld/v1/entities/urn:ngsi-ld:WeatherObserved:ws-json", body -> body.path("temperature").path("value").asDouble() == 1.5);
        try (java.sql.Connection holder = platform.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (java.sql.PreparedStatement lock = holder.prepareStatement(
                    "SELECT 1 FROM entities WHERE tenant = ? AND id = ? FOR UPDATE")) {
                lock.setString(1, TENANT);
                lock.setString(2, "urn:ngsi-ld:WeatherObserved:ws-json");
                assertThat(lock.executeQuery().next()).as("the entity's row is locked").isTrue();
            }
            publish("/ul/mqtt-key-1/ws-json/attrs", "t|2.5");
            publish("/ul/mqtt-key-1/ws-ul/attrs", "h|91");
            Thread.sleep(2000);
            assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:WeatherObserved:ws-ul", "NGSILD-Tenant", TENANT).json()
                    .path("relativeHumidity").path("value").asInt())
                    .as("the next message waits: the one before is not acknowledged while its write waits").isNotEqualTo(91);
            holder.rollback();
        }
        await("/ngsi-ld/v1/entities/urn:ngsi-ld:WeatherObserved:ws-json", body -> body.path("temperature").path("value").asDouble() == 2.5);
        await("/ngsi-ld/v1/entities/urn:ngsi-ld:WeatherObserved:ws-ul", body -> body.path("relativeHumidity").path("value").asInt() == 91);
    }

    /** Polls until the check holds (the broker delivers asynchronously). */
    private static JsonNode await(String path, Predicate<JsonNode> check) throws InterruptedException {
        return http.await(path, check, "NGSILD-Tenant", TENANT, "fiware-service", TENANT);
    }
}
