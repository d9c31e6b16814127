package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * An MQTT topic a device group declares for devices that do not use the IoT Agent topics, with where a message's
 * parts are (JSON pointers into its payload): the group's {@code mqtt} member,
 * {@code {"topic": "gent/air/+/up", "device_id": "/dev", "measures": "/readings", "time": "/ts"}}.
 *
 * @param filter the MQTT topic filter subscribed to
 * @param deviceId where the device id is; null: the topic level of the filter's first {@code +}
 * @param measures where the object of measures (or an array of them) is; the root by default
 * @param time where the observation time is, or null (then the measures' own time key, else the time of receipt)
 */
public record GroupTopic(String filter, JsonPointer deviceId, JsonPointer measures, JsonPointer time) {
    public static final String MEMBER = "mqtt";

    /** The topic a group's document declares, or null for none. */
    public static GroupTopic of(JsonNode document) {
        JsonNode mqtt = document.get(MEMBER);
        if (mqtt == null || mqtt.isNull()) {
            return null;
        }
        if (!mqtt.isObject()) {
            throw NgsiLdException.badData("'mqtt' must be an object with the group's 'topic'");
        }
        String filter = ProvisioningDocuments.optionalText(mqtt, "topic", null);
        if (filter == null) {
            throw NgsiLdException.badData("'mqtt.topic' is required: the MQTT topic filter of the group's devices");
        }
        List<String> levels = List.of(filter.split("/", -1));
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            boolean wildcardInLevel = (level.contains("+") || level.contains("#")) && !level.equals("+") && !level.equals("#");
            if (wildcardInLevel || level.equals("#") && i < levels.size() - 1) {
                throw NgsiLdException.badData("'mqtt.topic' is not a valid MQTT topic filter: '" + filter + "'");
            }
        }
        if (filter.startsWith("$")) {
            throw NgsiLdException.badData("'mqtt.topic' may not be a broker's own ($) topic");
        }
        JsonPointer deviceId = pointer(mqtt, "device_id");
        if (deviceId == null && !levels.contains("+")) {
            throw NgsiLdException.badData("'mqtt.topic' needs a + level for the device id, or give 'mqtt.device_id'");
        }
        JsonPointer measures = pointer(mqtt, "measures");
        return new GroupTopic(filter, deviceId, measures == null ? JsonPointer.empty() : measures, pointer(mqtt, "time"));
    }

    /** The device id a message on this topic names: from its payload, else from the topic's first {@code +} level. */
    public String deviceId(String topic, JsonNode payload) {
        if (deviceId != null) {
            JsonNode id = payload.at(deviceId);
            if (!id.isTextual() && !id.isIntegralNumber()) {
                throw NgsiLdException.invalidRequest("The payload has no device id at " + deviceId);
            }
            return id.asText();
        }
        String[] topicLevels = topic.split("/", -1);
        String[] filterLevels = filter.split("/", -1);
        for (int i = 0; i < filterLevels.length && i < topicLevels.length; i++) {
            if (filterLevels[i].equals("+")) {
                return topicLevels[i];
            }
        }
        throw NgsiLdException.invalidRequest("The topic " + topic + " names no device");
    }

    private static JsonPointer pointer(JsonNode mqtt, String member) {
        String text = ProvisioningDocuments.optionalText(mqtt, member, null);
        if (text == null) {
            return null;
        }
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw NgsiLdException.badData("'mqtt." + member + "' must be a JSON pointer such as /data/temperature, not '"
                    + text + "'");
        }
    }
}
