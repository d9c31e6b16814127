package be.belfort.server;

import be.belfort.ingestion.IngestionSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Devices publishing to a real MQTT broker (Debian mosquitto) on the IoT Agent topics end up as entities with
 * history; a bad value is refused in the device's status and the good ones are kept.
 */
class IngestionMqttTest {
    private static final String TENANT = "mqtt-city";
    private static Process broker;
    private static Platform platform;
    private static Http http;
    private static Mqtt3BlockingClient device;

    @BeforeAll
    static void start() throws Exception {
        Path mosquitto = Path.of("/usr/sbin/mosquitto");
        assertThat(mosquitto).as("the MQTT broker (Debian package mosquitto)").exists();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = Files.createTempFile("mosquitto", ".conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\n");
        broker = new ProcessBuilder(mosquitto.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        device = MqttClient.builder().useMqttVersion3().serverHost("127.0.0.1").serverPort(port).buildBlocking();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                device.connect();
                break;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
        Settings settings = TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(false, null);
        platform = Platform.start(settings.withIngestion(IngestionSettings.DEFAULTS.withMqtt(
                new IngestionSettings.MqttBroker("mqtt://127.0.0.1:" + port, null, null))));
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
            broker.destroy();
        }
    }

    private static void publish(String topic, String payload) {
        device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    /** Polls until the check holds (the broker delivers asynchronously); fails after 20 s. */
    private static JsonNode await(String path, Predicate<JsonNode> check) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Http.Answer answer;
        do {
            answer = http.get(path, "NGSILD-Tenant", TENANT, "fiware-service", TENANT);
            if (answer.status() == 200 && check.test(answer.json())) {
                return answer.json();
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Not as expected in time: " + path + " answered " + answer.status() + " " + answer.body());
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
}
