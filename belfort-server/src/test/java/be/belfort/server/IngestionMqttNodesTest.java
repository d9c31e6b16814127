package be.belfort.server;

import be.belfort.ingestion.IngestionSettings;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two nodes on one database take device messages from one MQTT broker (Debian mosquitto) through a shared
 * subscription: each message is ingested once, by one of them. A node's session outlives it at the broker, so the
 * messages the broker gave it while it was away reach it when it comes back: none is lost, none taken twice.
 */
class IngestionMqttNodesTest {
    private static final String ADMIN_KEY = "mqtt-nodes-admin-key-0123456789abcdef";
    private static final String TENANT = "mqtt-nodes";
    private static Mosquitto broker;
    private static StandalonePostgres postgres;
    private static Platform a;
    private static Platform b;
    private static Mqtt3BlockingClient device;
    private static String brokerUrl;

    @BeforeAll
    static void start() throws Exception {
        broker = Mosquitto.start();
        device = broker.connect("device");
        postgres = StandalonePostgres.start();
        brokerUrl = broker.url();
        a = Platform.start(node("node-a"));
        b = Platform.start(node("node-b"));
        Http http = new Http(a.port());
        assertThat(http.post("/iot/services", """
                {"services": [{"apikey": "nodes-key", "resource": "", "entity_type": "WeatherObserved",
                  "attributes": [{"object_id": "t", "name": "temperature", "type": "Number"}]}]}""",
                "fiware-service", TENANT, "X-API-Key", ADMIN_KEY).status()).isEqualTo(201);
        assertThat(http.post("/iot/devices", "{\"devices\": [{\"device_id\": \"ws-1\"}]}",
                "fiware-service", TENANT, "X-API-Key", ADMIN_KEY).status()).isEqualTo(201);
    }

    /**
     * Node A speaks MQTT 3.1.1 and node B MQTT 5, so both versions share the messages, and B's return shows that an
     * MQTT 5 session (with its expiry) kept B's share while it was away.
     */
    private static Settings node(String clientId) {
        Settings settings = postgres.node(ADMIN_KEY);
        IngestionSettings.MqttBroker.Version version = clientId.equals("node-a")
                ? IngestionSettings.MqttBroker.Version.V3_1_1 : IngestionSettings.MqttBroker.Version.V5;
        return settings.withIngestion(IngestionSettings.DEFAULTS.withMqtt(new IngestionSettings.MqttBroker(brokerUrl,
                null, null, clientId, "belfort", version, IngestionSettings.MqttBroker.DEFAULT_MAX_IN_FLIGHT)));
    }

    @AfterAll
    static void stop() {
        if (device != null) {
            device.disconnect();
        }
        for (Platform node : new Platform[] {b, a}) {
            if (node != null) {
                node.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void eachMessageIsIngestedOnceByOneOfTheNodesAndANodeThatWasAwayGetsItsShareWhenItReturns() throws Exception {
        // The devices are provisioned through node A; node B learns of them from the database.
        Thread.sleep(3000);
        for (int n = 1; n <= 100; n++) {
            publish(n);
        }
        awaitInstances(100);
        Thread.sleep(1000);
        assertThat(instances()).as("each message once, not once per node").isEqualTo(100);

        b.close();
        for (int n = 101; n <= 150; n++) {
            publish(n);
        }
        awaitInstances(150);
        int whileAway = instances();
        b = Platform.start(node("node-b"));
        awaitInstances(150);
        Thread.sleep(1000);
        System.out.printf("IngestionMqttNodesTest: %d of 50 messages ingested while node B was away, the rest when it"
                + " returned%n", whileAway - 100);
        assertThat(instances()).as("every message once").isEqualTo(150);
    }

    @Test
    void aSharedGroupNameMustBeATopicLevel() {
        assertThatThrownBy(() -> new IngestionSettings.MqttBroker("mqtt://localhost", null, null, null, "a/b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--mqtt-shared-group");
    }

    @Test
    void theVersionAndMessagesInFlightAreCheckedWhenRead() {
        assertThat(IngestionSettings.MqttBroker.Version.of("3.1.1")).isEqualTo(IngestionSettings.MqttBroker.Version.V3_1_1);
        assertThat(IngestionSettings.MqttBroker.Version.of(" 5")).isEqualTo(IngestionSettings.MqttBroker.Version.V5);
        assertThatThrownBy(() -> IngestionSettings.MqttBroker.Version.of("3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--mqtt-version is 5 or 3.1.1");
        for (int outside : new int[] {0, 10_001}) {
            assertThatThrownBy(() -> new IngestionSettings.MqttBroker("mqtt://localhost", null, null, null, null,
                    IngestionSettings.MqttBroker.Version.V5, outside))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--mqtt-max-in-flight");
        }
    }

    private static void publish(int n) {
        device.publishWith().topic("/json/nodes-key/ws-1/attrs").qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"t\": " + n + "}").getBytes(StandardCharsets.UTF_8)).send();
    }

    private static void awaitInstances(int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (instances() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /** The temperature instances the history holds for the device's entity. */
    private static int instances() throws Exception {
        try (Connection connection = a.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT count(*) FROM attribute_instances WHERE tenant = ? AND attribute LIKE '%temperature'")) {
            select.setString(1, TENANT);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
