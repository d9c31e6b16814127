package be.belfort.subscriptions;

import be.belfort.security.OutboundGuard;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes notifications to MQTT brokers (clause 7.3): the message is a JSON object with the headers
 * as {@code metadata} and the Notification as {@code body}, on the topic the endpoint's path names, with
 * the QoS and MQTT version of notifierInfo. One connection per broker and user, opened on first use and
 * opened again after a failure.
 */
public final class MqttSender implements Sender {
    private final Duration timeout;
    private final ObjectMapper json;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    /** A connected client of either MQTT version. */
    private record Connection(Publisher publisher, Runnable disconnect) {
        CompletableFuture<?> publish(String topic, MqttQos qos, byte[] payload) {
            return publisher.publish(topic, qos, payload);
        }

        void close() {
            disconnect.run();
        }
    }

    private interface Publisher {
        CompletableFuture<?> publish(String topic, MqttQos qos, byte[] payload);
    }

    private final OutboundGuard guard;

    public MqttSender(Duration timeout, ObjectMapper json, OutboundGuard guard) {
        this.guard = guard;
        this.timeout = timeout;
        this.json = json;
    }

    @Override
    public void send(Endpoint endpoint, ObjectNode notification, Map<String, String> headers) throws DeliveryFailure {
        // Checked again at every send: the receiver's name may resolve elsewhere than when it subscribed.
        String refused = guard.refusal(endpoint.uri());
        if (refused != null) {
            throw new DeliveryFailure("may not be called: " + refused);
        }
        URI uri = endpoint.uri();
        String version = endpoint.notifierInfo().getOrDefault("MQTT-Version", "mqtt3.1.1");
        String key = version + " " + uri.getScheme() + "://" + (uri.getUserInfo() == null ? "" : uri.getUserInfo() + "@")
                + uri.getHost() + ":" + port(uri);
        ObjectNode message = json.createObjectNode();
        ObjectNode metadata = message.putObject("metadata");
        headers.forEach(metadata::put);
        message.set("body", notification);
        try {
            byte[] payload = json.writeValueAsBytes(message);
            Connection connection = connections.computeIfAbsent(key, k -> connect(uri, version));
            connection.publish(uri.getPath().substring(1), MqttQos.fromCode(endpoint.mqttQos()), payload)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ConnectFailure e) {
            throw new DeliveryFailure("MQTT broker could not be reached: " + e.getMessage());
        } catch (TimeoutException e) {
            drop(key);
            throw new DeliveryFailure("MQTT broker did not confirm within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            drop(key);
            throw new DeliveryFailure("MQTT publish failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted");
        } catch (java.io.IOException e) {
            throw new DeliveryFailure("notification could not be written: " + e.getMessage());
        }
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("mqtts") ? 8883 : 1883;
    }

    private void drop(String key) {
        Connection connection = connections.remove(key);
        if (connection != null) {
            connection.close();
        }
    }

    private Connection connect(URI uri, String version) {
        MqttClientBuilder builder = MqttClient.builder().identifier("belfort-" + UUID.randomUUID())
                .serverHost(uri.getHost()).serverPort(port(uri));
        if (uri.getScheme().equals("mqtts")) {
            builder = builder.sslWithDefaultConfig();
        }
        Credentials credentials = Credentials.of(uri);
        if (version.equals("mqtt5.0")) {
            var client5 = builder.useMqttVersion5();
            if (credentials != null) {
                var auth = Mqtt5SimpleAuth.builder().username(credentials.user());
                client5 = client5.simpleAuth(credentials.password() == null ? auth.build()
                        : auth.password(credentials.password()).build());
            }
            Mqtt5AsyncClient client = client5.buildAsync();
            awaitConnect(client.connect());
            return new Connection((topic, qos, payload) -> client.publishWith().topic(topic).qos(qos)
                    .payload(payload).contentType("application/json").send(), client::disconnect);
        }
        var client3 = builder.useMqttVersion3();
        if (credentials != null) {
            var auth = Mqtt3SimpleAuth.builder().username(credentials.user());
            client3 = client3.simpleAuth(credentials.password() == null ? auth.build()
                    : auth.password(credentials.password()).build());
        }
        Mqtt3AsyncClient client = client3.buildAsync();
        awaitConnect(client.connect());
        return new Connection((topic, qos, payload) -> client.publishWith().topic(topic).qos(qos)
                .payload(payload).send(), client::disconnect);
    }

    private void awaitConnect(CompletableFuture<?> connected) {
        try {
            connected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConnectFailure(e instanceof ExecutionException ? String.valueOf(e.getCause()) : "no answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectFailure("interrupted");
        }
    }

    /** The user name and optional password an endpoint URI carries ({@code mqtt://user:secret@host}). */
    private record Credentials(String user, byte[] password) {
        static Credentials of(URI uri) {
            if (uri.getUserInfo() == null) {
                return null;
            }
            String[] parts = uri.getUserInfo().split(":", 2);
            return new Credentials(parts[0], parts.length > 1 ? parts[1].getBytes(StandardCharsets.UTF_8) : null);
        }
    }

    private static final class ConnectFailure extends RuntimeException {
        ConnectFailure(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void close() {
        connections.values().forEach(Connection::close);
        connections.clear();
    }
}
