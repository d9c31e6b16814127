package be.belfort.ingestion.mqtt;

import be.belfort.ingestion.IngestionSettings;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * MQTT 3.1.1, for brokers that do not speak version 5. The protocol has no flow control from client to broker: how
 * many messages the broker leaves unacknowledged at Belfort is the broker's own setting (mosquitto's
 * {@code max_inflight_messages}, for example), and a broker that sends more than 65,535 makes the client drop the
 * connection. The session is persistent (clean session off).
 */
final class Mqtt311Connection implements BrokerConnection {
    private final Mqtt3AsyncClient client;

    Mqtt311Connection(MqttClientBuilder builder, IngestionSettings.MqttBroker broker) {
        Mqtt3ClientBuilder version3 = builder.useMqttVersion3();
        if (broker.user() != null) {
            var auth = Mqtt3SimpleAuth.builder().username(broker.user());
            version3 = version3.simpleAuth(broker.password() == null ? auth.build()
                    : auth.password(broker.password().getBytes(StandardCharsets.UTF_8)).build());
        }
        this.client = version3.buildAsync();
    }

    @Override
    public void receive(Consumer<Message> receiver) {
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> receiver.accept(
                new Message(publish.getTopic(), publish.getPayloadAsBytes(), publish::acknowledge)), true);
    }

    @Override
    public CompletableFuture<?> connect() {
        return client.connectWith().cleanSession(false).send();
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
