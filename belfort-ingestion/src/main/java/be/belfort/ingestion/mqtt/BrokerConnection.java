package be.belfort.ingestion.mqtt;

import be.belfort.ingestion.IngestionSettings;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import io.reactivex.schedulers.Schedulers;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Belfort's session at the city's broker, in the MQTT version it is told to speak (the client library has a type per
 * version; this is the one shape both are used through). Messages arrive with their acknowledgement left to the
 * receiver, which sends it after the commit; the client sends acknowledgements in the order the messages arrived,
 * whatever order they are given in.
 *
 * <p>MQTT 5 sessions outlive a disconnection by {@link #SESSION_EXPIRY}, so messages published while Belfort restarts
 * wait for it; MQTT 3.1.1 sessions are persistent (clean session off) for as long as the broker keeps them. The
 * receive maximum stays the protocol's largest, as MQTT 3.1.1 has it: Belfort's flow control is its
 * {@link AcknowledgementWindow}, which also holds back a broker that does not keep to a receive maximum (mosquitto
 * 2.0.11, for one, sends past it).
 */
final class BrokerConnection {
    static final Duration SESSION_EXPIRY = Duration.ofDays(7);

    /** Runs each connection's network thread; daemon threads, so that a connection never keeps the process alive. */
    private static final Executor OWN_THREAD = task -> Thread.ofPlatform().daemon().name("belfort-mqtt-ingestion")
            .start(task);

    /** One device message and how to acknowledge it. */
    record Message(MqttTopic topic, byte[] payload, Runnable acknowledgement) {
        void acknowledge() {
            acknowledgement.run();
        }
    }

    private final Consumer<Consumer<Message>> receive;
    private final Supplier<CompletableFuture<?>> connect;
    private final Function<String, CompletableFuture<?>> subscribe;
    private final Function<String, CompletableFuture<?>> unsubscribe;
    private final BooleanSupplier connected;
    private final Supplier<CompletableFuture<?>> disconnect;

    private BrokerConnection(Consumer<Consumer<Message>> receive, Supplier<CompletableFuture<?>> connect,
                             Function<String, CompletableFuture<?>> subscribe,
                             Function<String, CompletableFuture<?>> unsubscribe, BooleanSupplier connected,
                             Supplier<CompletableFuture<?>> disconnect) {
        this.receive = receive;
        this.connect = connect;
        this.subscribe = subscribe;
        this.unsubscribe = unsubscribe;
        this.connected = connected;
        this.disconnect = disconnect;
    }

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
        byte[] password = broker.password() == null ? null : broker.password().getBytes(StandardCharsets.UTF_8);
        return switch (broker.version()) {
            case V5 -> version5(builder.useMqttVersion5(), broker.user(), password);
            case V3_1_1 -> version311(builder.useMqttVersion3(), broker.user(), password);
        };
    }

    private static BrokerConnection version5(Mqtt5ClientBuilder builder, String user, byte[] password) {
        if (user != null) {
            var auth = Mqtt5SimpleAuth.builder().username(user);
            builder = builder.simpleAuth(password == null ? auth.build() : auth.password(password).build());
        }
        Mqtt5AsyncClient client = builder.buildAsync();
        return new BrokerConnection(
                receiver -> client.publishes(MqttGlobalPublishFilter.ALL, publish -> receiver.accept(
                        new Message(publish.getTopic(), publish.getPayloadAsBytes(), publish::acknowledge)), true),
                () -> client.connectWith().cleanStart(false).sessionExpiryInterval(SESSION_EXPIRY.toSeconds()).send(),
                filter -> client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send(),
                filter -> client.unsubscribeWith().topicFilter(filter).send(),
                () -> client.getState().isConnected(), client::disconnect);
    }

    private static BrokerConnection version311(Mqtt3ClientBuilder builder, String user, byte[] password) {
        if (user != null) {
            var auth = Mqtt3SimpleAuth.builder().username(user);
            builder = builder.simpleAuth(password == null ? auth.build() : auth.password(password).build());
        }
        Mqtt3AsyncClient client = builder.buildAsync();
        return new BrokerConnection(
                receiver -> client.publishes(MqttGlobalPublishFilter.ALL, publish -> receiver.accept(
                        new Message(publish.getTopic(), publish.getPayloadAsBytes(), publish::acknowledge)), true),
                () -> client.connectWith().cleanSession(false).send(),
                filter -> client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send(),
                filter -> client.unsubscribeWith().topicFilter(filter).send(),
                () -> client.getState().isConnected(), client::disconnect);
    }

    /** Hands every message to the receiver, from now on: call before {@link #connect()}. */
    void receive(Consumer<Message> receiver) {
        receive.accept(receiver);
    }

    /** Connects (and keeps reconnecting), resuming the session the broker kept for this client identifier. */
    CompletableFuture<?> connect() {
        return connect.get();
    }

    /** Subscribes with QoS 1. */
    CompletableFuture<?> subscribe(String topicFilter) {
        return subscribe.apply(topicFilter);
    }

    CompletableFuture<?> unsubscribe(String topicFilter) {
        return unsubscribe.apply(topicFilter);
    }

    boolean isConnected() {
        return connected.getAsBoolean();
    }

    CompletableFuture<?> disconnect() {
        return disconnect.get();
    }
}
