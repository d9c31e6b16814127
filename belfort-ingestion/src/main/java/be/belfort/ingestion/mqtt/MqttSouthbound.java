package be.belfort.ingestion.mqtt;

import be.belfort.ingestion.Device;
import be.belfort.ingestion.IngestionService;
import be.belfort.ingestion.IngestionSettings;
import be.belfort.ingestion.UltralightParser;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Device messages from the city's MQTT broker, on the IoT Agent topics: {@code /{apikey}/{deviceId}/attrs} and
 * {@code /json/{apikey}/{deviceId}/attrs} (JSON), {@code /ul/{apikey}/{deviceId}/attrs} (Ultralight 2.0). Belfort
 * connects as a client (MQTT 3.1.1, a persistent session, reconnecting by itself) and acknowledges a QoS 1 message
 * only after its measurements committed, so a message in flight when Belfort stops is delivered again. A refused
 * message is acknowledged (sending it again would not help) and recorded in its device's status.
 */
public final class MqttSouthbound implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSouthbound.class);
    private static final List<String> TOPICS = List.of("/+/+/attrs", "/json/+/+/attrs", "/ul/+/+/attrs");

    private final IngestionService ingestion;
    private final ObjectMapper json;
    private final int maxMessageBytes;
    private final Mqtt3AsyncClient client;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong unmatched = new AtomicLong();

    private MqttSouthbound(IngestionService ingestion, ObjectMapper json, int maxMessageBytes, Mqtt3AsyncClient client) {
        this.ingestion = ingestion;
        this.json = json;
        this.maxMessageBytes = maxMessageBytes;
        this.client = client;
    }

    /** Connects to the broker (and keeps reconnecting) and subscribes to the device topics. */
    public static MqttSouthbound start(IngestionSettings.MqttBroker broker, IngestionService ingestion, ObjectMapper json,
                                       int maxMessageBytes) {
        URI uri = URI.create(broker.url());
        boolean tls = "mqtts".equals(uri.getScheme());
        if (!tls && !"mqtt".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--mqtt-url must be mqtt://host:port or mqtts://host:port, not " + broker.url());
        }
        Mqtt3ClientBuilder builder = MqttClient.builder().useMqttVersion3().identifier("belfort-ingestion-" + uri.getHost())
                .serverHost(uri.getHost()).serverPort(uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883)
                .automaticReconnectWithDefaultConfig();
        if (tls) {
            builder = builder.sslWithDefaultConfig();
        }
        if (broker.user() != null) {
            var auth = Mqtt3SimpleAuth.builder().username(broker.user());
            builder = builder.simpleAuth(broker.password() == null ? auth.build()
                    : auth.password(broker.password().getBytes(StandardCharsets.UTF_8)).build());
        }
        MqttSouthbound[] self = new MqttSouthbound[1];
        // Every (re)connection subscribes again: the broker may have lost the session.
        Mqtt3AsyncClient client = builder.addConnectedListener(context -> self[0].subscribe()).buildAsync();
        self[0] = new MqttSouthbound(ingestion, json, maxMessageBytes, client);
        client.connectWith().cleanSession(false).send().whenComplete((ack, failure) -> {
            if (failure != null) {
                LOG.warn("The MQTT broker {} cannot be reached now ({}); trying again", broker.url(), failure.toString());
            }
        });
        return self[0];
    }

    private void subscribe() {
        for (String topic : TOPICS) {
            client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).callback(this::received)
                    .manualAcknowledgement(true).send().whenComplete((ack, failure) -> {
                        if (failure != null) {
                            LOG.warn("Subscribing to {} failed: {}", topic, failure.toString());
                        }
                    });
        }
    }

    /** Messages are taken off the client's thread: each waits for its commit. */
    private void received(Mqtt3Publish publish) {
        try {
            workers.execute(() -> {
                if (take(publish)) {
                    publish.acknowledge();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // Left unacknowledged: the broker delivers it again to the next session.
        }
    }

    /** Ingests a message; false when it should come again (the platform was busy). */
    private boolean take(Mqtt3Publish publish) {
        String[] levels = publish.getTopic().toString().split("/", -1);
        boolean ultralight = levels.length == 5 && levels[1].equals("ul");
        int first = levels.length == 5 ? 2 : 1;
        Device device;
        try {
            device = ingestion.deviceByKey(levels[first], levels[first + 1]);
        } catch (NgsiLdException e) {
            if (unmatched.incrementAndGet() % 1000 == 1) {
                LOG.warn("MQTT message on {} refused: {} ({} unmatched so far)", publish.getTopic(), e.detail(), unmatched.get());
            }
            return e.type() != ErrorType.SERVICE_UNAVAILABLE;
        }
        byte[] payload = publish.getPayloadAsBytes();
        try {
            if (payload.length > maxMessageBytes) {
                throw new NgsiLdException(ErrorType.PAYLOAD_TOO_LARGE, "A message may have at most " + maxMessageBytes + " bytes");
            }
            List<Map<String, JsonNode>> measures = ultralight
                    ? UltralightParser.parse(new String(payload, StandardCharsets.UTF_8), device.observedAtKey())
                    : jsonMeasures(payload);
            ingestion.ingest(device, measures);
            return true;
        } catch (NgsiLdException e) {
            if (e.type() == ErrorType.SERVICE_UNAVAILABLE) {
                return false;
            }
            if (e.type() == ErrorType.PAYLOAD_TOO_LARGE || e.type() == ErrorType.INVALID_REQUEST) {
                ingestion.refuse(device, e.detail());
            }
            return true;
        }
    }

    private List<Map<String, JsonNode>> jsonMeasures(byte[] payload) {
        JsonNode body;
        try {
            body = json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw NgsiLdException.invalidRequest("The payload is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw NgsiLdException.invalidRequest("The payload could not be read");
        }
        List<Map<String, JsonNode>> groups = new ArrayList<>();
        for (JsonNode object : body != null && body.isArray() ? body : List.of(body == null ? json.nullNode() : body)) {
            if (!object.isObject()) {
                throw NgsiLdException.invalidRequest("Measures are a JSON object of key and value, or an array of such objects");
            }
            Map<String, JsonNode> measures = new LinkedHashMap<>();
            object.fields().forEachRemaining(field -> measures.put(field.getKey(), field.getValue()));
            groups.add(measures);
        }
        return groups;
    }

    /** Stops taking messages; those under way commit and are acknowledged first. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.disconnect();
    }
}
