package be.belfort.ingestion.mqtt;

import be.belfort.ingestion.Device;
import be.belfort.ingestion.DeviceGroup;
import be.belfort.ingestion.GroupTopic;
import be.belfort.ingestion.IngestionService;
import be.belfort.ingestion.IngestionSettings;
import be.belfort.ingestion.UltralightParser;
import be.belfort.ingestion.mqtt.BrokerConnection.Message;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * connects as a client (MQTT 5 or 3.1.1, a persistent session, reconnecting by itself, reading no more from the broker
 * while {@link IngestionSettings.MqttBroker#maxInFlight()} messages await their commits) and acknowledges a QoS 1
 * message only after its measurements committed, so a message in flight when Belfort stops is delivered again. A refused
 * message is acknowledged (sending it again would not help) and recorded in its device's status. Device groups may
 * declare topics of their own ({@link GroupTopic}), followed as they are provisioned. Several nodes share the
 * messages through a shared subscription when they are given a group: each message reaches one of them.
 */
public final class MqttSouthbound implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSouthbound.class);
    private static final long MAX_RETRY_WAIT_MILLIS = 1_000;
    private static final List<String> TOPICS = List.of("/+/+/attrs", "/json/+/+/attrs", "/ul/+/+/attrs");

    private final IngestionSettings.MqttBroker broker;
    private final IngestionService ingestion;
    private final ObjectMapper json;
    private final int maxMessageBytes;
    private final BrokerConnection client;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final AcknowledgementWindow window;
    private final AtomicLong unmatched = new AtomicLong();
    private volatile boolean stopping;
    /** The groups' own topics subscribed to, each with its group as last read. */
    private final Map<String, DeviceGroup> groupTopics = new java.util.concurrent.ConcurrentHashMap<>();
    /** The group topics subscribed to on the current connection (a new connection subscribes again). */
    private final java.util.Set<String> subscribedNow = new java.util.HashSet<>();

    private MqttSouthbound(IngestionSettings.MqttBroker broker, IngestionService ingestion, ObjectMapper json,
                           int maxMessageBytes, BrokerConnection client) {
        this.broker = broker;
        this.ingestion = ingestion;
        this.json = json;
        this.maxMessageBytes = maxMessageBytes;
        this.client = client;
        this.window = new AcknowledgementWindow(broker.maxInFlight());
    }

    /** Connects to the broker (and keeps reconnecting) and subscribes to the device topics. */
    public static MqttSouthbound start(IngestionSettings.MqttBroker broker, IngestionService ingestion, ObjectMapper json,
                                       int maxMessageBytes) {
        MqttSouthbound[] self = new MqttSouthbound[1];
        // Every (re)connection subscribes again: the broker may have lost the session.
        BrokerConnection connection = BrokerConnection.open(broker, () -> self[0].subscribe());
        self[0] = new MqttSouthbound(broker, ingestion, json, maxMessageBytes, connection);
        // One flow for every message, open before the connection: a resumed session delivers what waited for this
        // node at once, before any subscription of this run is made, and none of it may go unhandled.
        connection.receive(self[0]::received);
        try {
            // Known before the first message, so that one on a group's topic is read as that group's.
            self[0].followGroupTopics();
        } catch (RuntimeException e) {
            LOG.warn("The device groups' MQTT topics could not be read now ({}); trying again", e.toString());
        }
        connection.connect().whenComplete((ack, failure) -> {
            if (failure != null) {
                LOG.warn("The MQTT broker {} cannot be reached now ({}); trying again{}", broker.url(), failure.toString(),
                        broker.version() == IngestionSettings.MqttBroker.Version.V5
                                ? " (a broker that speaks only MQTT 3.1.1 needs --mqtt-version 3.1.1)" : "");
            }
        });
        return self[0];
    }

    private void subscribe() {
        for (String topic : TOPICS) {
            subscribe(topic);
        }
        synchronized (this) {
            subscribedNow.clear();
        }
        try {
            followGroupTopics();
        } catch (RuntimeException e) {
            LOG.warn("The device groups' MQTT topics could not be read now ({}); trying again", e.toString());
        }
    }

    /**
     * Follows the device groups' own topics: subscribes to those declared since the last call, unsubscribes from
     * those removed. Called at every (re)connection and periodically, so provisioning changes arrive within seconds.
     */
    public synchronized void followGroupTopics() {
        Map<String, DeviceGroup> now = new java.util.HashMap<>();
        for (DeviceGroup group : ingestion.groupsWithTopics()) {
            now.putIfAbsent(group.topic().filter(), group);
        }
        for (String filter : List.copyOf(groupTopics.keySet())) {
            if (!now.containsKey(filter)) {
                groupTopics.remove(filter);
                subscribedNow.remove(filter);
                client.unsubscribe(broker.subscription(filter));
            }
        }
        now.forEach((filter, group) -> {
            groupTopics.put(filter, group);
            if (client.isConnected() && subscribedNow.add(filter)) {
                subscribe(filter);
            }
        });
    }

    private void subscribe(String topic) {
        client.subscribe(broker.subscription(topic)).whenComplete((ack, failure) -> {
            if (failure != null) {
                LOG.warn("Subscribing to {} failed: {}", topic, failure.toString());
            }
        });
    }

    /** A message on a device group's own topic goes to that group; any other is read as an IoT Agent topic. */
    private boolean take(Message publish) {
        MqttTopic topic = publish.topic();
        for (Map.Entry<String, DeviceGroup> group : groupTopics.entrySet()) {
            if (MqttTopicFilter.of(group.getKey()).matches(topic)) {
                return take(publish, group.getValue());
            }
        }
        return takeIotAgentTopic(publish);
    }

    /**
     * Called on the connection's own thread, in arrival order. A message takes a place in the acknowledgement window
     * (waiting, and so not reading from the broker, while the window is full) and is handed to a worker: it waits for
     * its commit and is acknowledged after it. One the platform is too busy to write now is tried again, waiting longer
     * each time up to a second (the broker would send it again only on a new connection); one still unwritten when
     * Belfort stops stays unacknowledged, for the next session.
     */
    private void received(Message publish) {
        AcknowledgementWindow.Place place;
        try {
            place = window.enter(() -> stopping);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (place == null) {
            return; // stopping: left unacknowledged, for the next session
        }
        try {
            workers.execute(() -> takeAndAcknowledge(publish, place));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // Left unacknowledged: the broker delivers it again to the next session.
        }
    }

    private void takeAndAcknowledge(Message publish, AcknowledgementWindow.Place place) {
        long waitMillis = 20;
        try {
            while (!take(publish)) {
                if (stopping) {
                    return;
                }
                Thread.sleep(waitMillis);
                waitMillis = Math.min(waitMillis * 2, MAX_RETRY_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            return;
        } catch (RuntimeException unexpected) {
            // A message that breaks its own reading breaks it again at every delivery. Left unacknowledged, it would
            // hold back the acknowledgements after it, and with them the window, until MQTT intake stopped for good.
            LOG.error("MQTT message on {} could not be read; acknowledged without its measurements", publish.topic(),
                    unexpected);
        }
        publish.acknowledge();
        window.acknowledged(place);
    }

    /** Ingests a message on an IoT Agent topic; false when it should come again (the platform was busy). */
    private boolean takeIotAgentTopic(Message publish) {
        String[] levels = publish.topic().toString().split("/", -1);
        boolean ultralight = levels.length == 5 && levels[1].equals("ul");
        int first = levels.length == 5 ? 2 : 1;
        return ingest(publish, () -> ingestion.deviceByKey(levels[first], levels[first + 1]), (device, payload) -> ultralight
                ? UltralightParser.parse(new String(payload, StandardCharsets.UTF_8), device.observedAtKey())
                : jsonMeasures(payload));
    }

    /** Ingests a message on a group's own topic, its parts where the group's JSON pointers say. */
    private boolean take(Message publish, DeviceGroup group) {
        GroupTopic topic = group.topic();
        JsonNode[] payload = new JsonNode[1];
        return ingest(publish, () -> {
            payload[0] = json(publish.payload());
            return ingestion.deviceByKey(group.apikey(), topic.deviceId(publish.topic().toString(), payload[0]));
        }, (device, bytes) -> {
            JsonNode measures = payload[0].at(topic.measures());
            List<Map<String, JsonNode>> groups = measures(measures.isMissingNode() ? json.nullNode() : measures);
            JsonNode time = topic.time() == null ? null : payload[0].at(topic.time());
            if (time != null && !time.isMissingNode()) {
                groups.forEach(group1 -> group1.putIfAbsent(device.observedAtKey(), time));
            }
            return groups;
        });
    }

    @FunctionalInterface
    private interface Lookup {
        Device device();
    }

    @FunctionalInterface
    private interface Reader {
        List<Map<String, JsonNode>> measures(Device device, byte[] payload);
    }

    /** Ingests one message; false when it should come again (the platform was busy). */
    private boolean ingest(Message publish, Lookup lookup, Reader reader) {
        byte[] payload = publish.payload();
        Device device;
        try {
            if (payload.length > maxMessageBytes) {
                throw new NgsiLdException(ErrorType.PAYLOAD_TOO_LARGE, "A message may have at most " + maxMessageBytes + " bytes");
            }
            device = lookup.device();
        } catch (NgsiLdException e) {
            if (e.type() == ErrorType.SERVICE_UNAVAILABLE) {
                return false; // tried again, as a message the platform is too busy to write
            }
            if (unmatched.incrementAndGet() % 1000 == 1) {
                LOG.warn("MQTT message on {} refused: {} ({} unmatched so far)", publish.topic(), e.detail(), unmatched.get());
            }
            return true;
        }
        try {
            ingestion.ingest(device, reader.measures(device, payload));
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

    private JsonNode json(byte[] payload) {
        try {
            JsonNode body = json.readTree(payload);
            return body == null ? json.nullNode() : body;
        } catch (JsonProcessingException e) {
            throw NgsiLdException.invalidRequest("The payload is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw NgsiLdException.invalidRequest("The payload could not be read");
        }
    }

    private List<Map<String, JsonNode>> jsonMeasures(byte[] payload) {
        return measures(json(payload));
    }

    /** A JSON object of measures, or an array of such objects. */
    private static List<Map<String, JsonNode>> measures(JsonNode body) {
        List<Map<String, JsonNode>> groups = new ArrayList<>();
        for (JsonNode object : body.isArray() ? body : List.of(body)) {
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
        stopping = true;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.disconnect();
    }
}
