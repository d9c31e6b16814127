package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery guarantees: a dead, failing or slow receiver delays nobody else and recovers when it
 * answers again; notifications survive a restart; MQTT endpoints get them through a real broker.
 */
class NotificationDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String subscription(String uri, String extra) {
        return """
                {"type": "Subscription", "entities": [{"type": "Counter"}], "watchedAttributes": ["count"],
                 "notification": {"format": "keyValues", "endpoint": {"uri": "%s"%s}}}""".formatted(uri, extra);
    }

    private static String subscribe(Http http, String tenant, String body) {
        Http.Answer created = http.post("/ngsi-ld/v1/subscriptions", body, "NGSILD-Tenant", tenant);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String location = created.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void count(Http http, String tenant, String id, int value) {
        Http.Answer answer = value == 0
                ? http.post("/ngsi-ld/v1/entities", "{\"id\": \"" + id + "\", \"type\": \"Counter\", \"count\": {\"type\": \"Property\", \"value\": 0}}",
                "NGSILD-Tenant", tenant)
                : http.patch("/ngsi-ld/v1/entities/" + id + "/attrs", "{\"count\": {\"type\": \"Property\", \"value\": " + value + "}}",
                "NGSILD-Tenant", tenant);
        assertThat(answer.status()).as(answer.body()).isIn(201, 204);
    }

    private static Set<Integer> counts(List<Receiver.Received> received, String subscriptionId) {
        return received.stream().filter(r -> subscriptionId.equals(r.body().path("subscriptionId").asText()))
                .map(r -> r.body().get("data").get(0).get("count").asInt()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode status(Http http, String tenant, String subscriptionId) {
        return http.get("/ngsi-ld/v1/subscriptions/" + subscriptionId, "NGSILD-Tenant", tenant).json().get("notification");
    }

    @Test
    void aDeadFailingOrSlowReceiverDelaysNoOtherAndRecovers() throws Exception {
        Http http = new Http(TestPlatform.shared().port());
        String tenant = "delivery-isolation";
        try (Receiver healthy = new Receiver(); Receiver failing = new Receiver(); Receiver slow = new Receiver()) {
            failing.mode(Receiver.Mode.FAIL);
            slow.mode(Receiver.Mode.SLOW);
            String good = subscribe(http, tenant, subscription(healthy.url(), ""));
            String bad = subscribe(http, tenant, subscription(failing.url(), ""));
            subscribe(http, tenant, subscription(slow.url(), ""));
            subscribe(http, tenant, subscription("http://127.0.0.1:" + freePort() + "/nobody", ""));
            String id = "urn:ngsi-ld:Counter:isolation";
            for (int i = 0; i <= 30; i++) {
                count(http, tenant, id, i);
            }
            healthy.await(31, r -> true);
            assertThat(counts(healthy.received(), good)).as("every change reached the healthy receiver")
                    .containsExactlyElementsOf(IntStream.rangeClosed(0, 30).boxed().toList());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!"failed".equals(status(http, tenant, bad).path("status").asText()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            JsonNode failed = status(http, tenant, bad);
            assertThat(failed.get("status").asText()).as("a receiver failing for long is marked failed").isEqualTo("failed");
            assertThat(failed.get("timesFailed").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(failed.has("lastFailure")).isTrue();

            failing.mode(Receiver.Mode.OK);
            failing.await(31, r -> true);
            assertThat(counts(failing.received(), bad)).as("the failing receiver gets everything once it answers")
                    .containsExactlyElementsOf(IntStream.rangeClosed(0, 30).boxed().toList());
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!"ok".equals(status(http, tenant, bad).path("status").asText()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(status(http, tenant, bad).get("status").asText()).as("and recovers").isEqualTo("ok");
        }
    }

    @Test
    void committedChangesAreNotifiedAfterARestart() {
        Path data = TestPlatform.temporaryDirectory();
        int port = freePort();
        String tenant = "delivery-restart";
        String id = "urn:ngsi-ld:Counter:restart";
        String subscriptionId;
        try (Platform first = TestPlatform.start(data)) {
            Http http = new Http(first.port());
            subscriptionId = subscribe(http, tenant, subscription("http://127.0.0.1:" + port + "/later", ""));
            for (int i = 0; i <= 20; i++) {
                count(http, tenant, id, i);
            }
        }
        try (Platform second = TestPlatform.start(data); Receiver receiver = new Receiver(port)) {
            List<Receiver.Received> received = receiver.await(21, r -> true);
            assertThat(counts(received, subscriptionId)).as("every committed change, at least once")
                    .containsExactlyElementsOf(IntStream.rangeClosed(0, 20).boxed().toList());
            Set<String> ids = received.stream().map(r -> r.body().get("id").asText()).collect(Collectors.toSet());
            assertThat(ids).as("each notification has its own id").hasSize(received.size());
            Http http = new Http(second.port());
            assertThat(http.get("/ngsi-ld/v1/subscriptions/" + subscriptionId, "NGSILD-Tenant", tenant).status())
                    .as("the subscription survived").isEqualTo(200);
        }
    }

    @Test
    void mqttEndpointsGetNotificationsThroughARealBroker() throws Exception {
        Mosquitto broker = Mosquitto.start();
        int port = broker.port;
        try {
            Mqtt3BlockingClient client = broker.connect("receiver");
            client.subscribeWith().topicFilter("city/parking").qos(MqttQos.AT_LEAST_ONCE).send();
            try (Mqtt3BlockingClient.Mqtt3Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
                Http http = new Http(TestPlatform.shared().port());
                String tenant = "delivery-mqtt";
                String subscriptionId = subscribe(http, tenant, subscription("mqtt://127.0.0.1:" + port + "/city/parking",
                        ", \"notifierInfo\": [{\"key\": \"MQTT-QoS\", \"value\": \"1\"}], \"receiverInfo\": [{\"key\": \"X-City\", \"value\": \"Gent\"}]"));
                count(http, tenant, "urn:ngsi-ld:Counter:mqtt", 0);
                count(http, tenant, "urn:ngsi-ld:Counter:mqtt", 1);

                Optional<Mqtt3Publish> first = publishes.receive(10, TimeUnit.SECONDS);
                Optional<Mqtt3Publish> second = publishes.receive(10, TimeUnit.SECONDS);
                assertThat(first).isPresent();
                assertThat(second).isPresent();
                // Receivers take notifications in parallel, so the two may arrive in either order.
                JsonNode firstMessage = JSON.readTree(first.get().getPayloadAsBytes());
                JsonNode secondMessage = JSON.readTree(second.get().getPayloadAsBytes());
                JsonNode message = firstMessage.at("/body/data/0/count").asInt() == 1 ? firstMessage : secondMessage;
                assertThat(message.at("/body/data/0/count").asInt()).isEqualTo(1);
                assertThat(message.get("metadata").get("Content-Type").asText()).isEqualTo("application/json");
                assertThat(message.get("metadata").get("X-City").asText()).isEqualTo("Gent");
                assertThat(message.get("metadata").get("Link").asText()).contains("ngsi-ld-core-context");
                JsonNode body = message.get("body");
                assertThat(body.get("type").asText()).isEqualTo("Notification");
                assertThat(body.get("subscriptionId").asText()).isEqualTo(subscriptionId);
                assertThat(body.get("data")).isEqualTo(JSON.readTree(
                        "[{\"id\": \"urn:ngsi-ld:Counter:mqtt\", \"type\": \"Counter\", \"count\": 1}]"));
                assertThat(second.get().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);

                // MQTT 5, with credentials in the endpoint URI (this broker lets any user in).
                client.subscribeWith().topicFilter("city/parking5").qos(MqttQos.AT_LEAST_ONCE).send();
                subscribe(http, tenant, subscription("mqtt://belfort:secret@127.0.0.1:" + port + "/city/parking5",
                        ", \"notifierInfo\": [{\"key\": \"MQTT-Version\", \"value\": \"mqtt5.0\"}]"));
                count(http, tenant, "urn:ngsi-ld:Counter:mqtt", 2);
                Optional<Mqtt3Publish> viaMqtt5 = Optional.empty();
                while (viaMqtt5.isEmpty() || !viaMqtt5.get().getTopic().toString().equals("city/parking5")) {
                    viaMqtt5 = publishes.receive(10, TimeUnit.SECONDS);
                    assertThat(viaMqtt5).as("a notification published with MQTT 5").isPresent();
                }
                assertThat(JSON.readTree(viaMqtt5.get().getPayloadAsBytes()).at("/body/data/0/count").asInt())
                        .isEqualTo(2);
            }
            client.disconnect();
        } finally {
            broker.close();
        }
    }
}
