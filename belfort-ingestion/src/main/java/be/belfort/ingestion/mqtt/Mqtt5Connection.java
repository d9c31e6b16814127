package be.belfort.ingestion.mqtt;

import be.belfort.ingestion.IngestionSettings;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * MQTT 5. The session outlives a disconnection by {@link #SESSION_EXPIRY}, so messages published while Belfort restarts
 * wait for it. The receive maximum is the protocol's largest, as MQTT 3.1.1 has it: Belfort's flow control is its
 * {@link AcknowledgementWindow}, which also holds back a broker that does not keep to a receive maximum (mosquitto
 * 2.0.11, for one, sends past it).
 */
final class Mqtt5Connection implements BrokerConnection {
    static final Duration SESSION_EXPIRY = Duration.ofDays(7);

    private final Mqtt5AsyncClient client;

    Mqtt5Connection(MqttClientBuilder builder, IngestionSettings.MqttBroker broker) {
        Mqtt5ClientBuilder version5 = builder.useMqttVersion5();
        if (broker.user() != null) {
            var auth = Mqtt5SimpleAuth.builder().username(broker.user());
            version5 = version5.simpleAuth(broker.password() == null ? auth.build()
                    : auth.password(broker.password().getBytes(StandardCharsets.UTF_8)).build());
        }
        this.client = version5.buildAsync();
    }

    @Override
    public void receive(Consumer<Message> receiver) {
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> receiver.accept(
                new Message(publish.getTopic(), publish.getPayloadAsBytes(), publish::acknowledge)), true);
    }

    @Override
    public CompletableFuture<?> connect() {
        return client.connectWith().cleanStart(false).sessionExpiryInterval(SESSION_EXPIRY.toSeconds())
                .send();
    }

    @Override
    public CompletableFuture<?> subscribe(String topicFilter) {
        return client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    @Override
    public CompletableFuture<?> unsubscribe(String topicFilter) {
        return client.unsubscribeWith().topicFilter(topicFilter).send();
    }

    @Override
    public boolean isConnected() {
        return client.getState().isConnected();
    }

    @Override
    public CompletableFuture<?> disconnect() {
        return client.disconnect();
    }
}
