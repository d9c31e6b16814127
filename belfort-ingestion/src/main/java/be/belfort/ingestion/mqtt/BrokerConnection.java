package be.belfort.ingestion.mqtt;

import be.belfort.ingestion.IngestionSettings;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import io.reactivex.schedulers.Schedulers;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Belfort's session at the city's broker, in the MQTT version the broker is told to speak. Messages arrive with
 * their acknowledgement left to the receiver, which sends it after the commit; the client sends acknowledgements in
 * the order the messages arrived, whatever order they are given in.
 */
sealed interface BrokerConnection permits Mqtt5Connection, Mqtt311Connection {
    /** Runs each connection's network thread; daemon threads, so that a connection never keeps the process alive. */
    java.util.concurrent.Executor OWN_THREAD = task -> Thread.ofPlatform().daemon().name("belfort-mqtt-ingestion")
            .start(task);

    /** One device message and how to acknowledge it. */
    record Message(MqttTopic topic, byte[] payload, Runnable acknowledge) {
    }

    /** Hands every message to the receiver, from now on: call before {@link #connect()}. */
    void receive(Consumer<Message> receiver);

    /** Connects (and keeps reconnecting), resuming the session the broker kept for this client identifier. */
    CompletableFuture<?> connect();

    /** Subscribes with QoS 1. */
    CompletableFuture<?> subscribe(String topicFilter);

    CompletableFuture<?> unsubscribe(String topicFilter);

    boolean isConnected();

    CompletableFuture<?> disconnect();

    /** A client for the broker's URL in the version set, calling {@code onConnected} after every (re)connection. */
    static BrokerConnection open(IngestionSettings.MqttBroker broker, Runnable onConnected) {
        URI uri = URI.create(broker.url());
        boolean tls = "mqtts".equals(uri.getScheme());
        if (!tls && !"mqtt".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--mqtt-url must be mqtt://host:port or mqtts://host:port, not " + broker.url());
        }
        String identifier = broker.clientId() != null ? broker.clientId() : "belfort-ingestion-" + uri.getHost();
        // The connection gets a thread of its own, and messages are handed over on it (the trampoline scheduler): while
        // the acknowledgement window is full that thread waits, the client reads nothing more from the broker, and no
        // other MQTT client of the process (the notification senders) waits with it.
        MqttClientBuilder builder = MqttClient.builder().identifier(identifier)
                .serverHost(uri.getHost()).serverPort(uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883)
                .executorConfig().nettyExecutor(OWN_THREAD).nettyThreads(1)
                .applicationScheduler(Schedulers.trampoline()).applyExecutorConfig()
                .automaticReconnectWithDefaultConfig()
                .addConnectedListener(context -> onConnected.run());
        if (tls) {
            builder = builder.sslWithDefaultConfig();
        }
        return switch (broker.version()) {
            case V5 -> new Mqtt5Connection(builder, broker);
            case V3_1_1 -> new Mqtt311Connection(builder, broker);
        };
    }
}
