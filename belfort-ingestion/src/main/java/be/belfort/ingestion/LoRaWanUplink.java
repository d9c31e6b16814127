package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A LoRaWAN uplink as a network server's webhook delivers it, reduced to what ingestion needs: the device's
 * DevEUI, the frame counter, the time the network received it and the payload its decoder produced.
 *
 * @param receivedAt the network server's time of receipt, or null
 */
public record LoRaWanUplink(String devEui, Long frame, String receivedAt, Map<String, JsonNode> decoded) {

    /**
     * The Things Stack v3 uplink message: {@code end_device_ids.dev_eui}, {@code received_at},
     * {@code uplink_message.f_cnt} and {@code uplink_message.decoded_payload}.
     */
    public static LoRaWanUplink theThingsStack(JsonNode body) {
        JsonNode uplink = body.path("uplink_message");
        if (!uplink.isObject()) {
            throw NgsiLdException.badData("This is not a The Things Stack uplink message: it has no 'uplink_message'");
        }
        return new LoRaWanUplink(text(body.path("end_device_ids").path("dev_eui"), "end_device_ids.dev_eui"),
                frame(uplink.path("f_cnt")), optional(body.path("received_at")),
                decoded(uplink.path("decoded_payload"), "uplink_message.decoded_payload"));
    }

    /** A ChirpStack v4 {@code up} event: {@code deviceInfo.devEui}, {@code time}, {@code fCnt} and {@code object}. */
    public static LoRaWanUplink chirpStack(JsonNode body) {
        if (!body.path("deviceInfo").isObject()) {
            throw NgsiLdException.badData("This is not a ChirpStack up event: it has no 'deviceInfo'");
        }
        return new LoRaWanUplink(text(body.path("deviceInfo").path("devEui"), "deviceInfo.devEui"),
                frame(body.path("fCnt")), optional(body.path("time")), decoded(body.path("object"), "object"));
    }

    /** The decoded measures, with the time of receipt under the device's time key unless the payload has one. */
    public Map<String, JsonNode> measures(String timeKey) {
        Map<String, JsonNode> measures = new LinkedHashMap<>(decoded);
        if (receivedAt != null && !measures.containsKey(timeKey)) {
            measures.put(timeKey, com.fasterxml.jackson.databind.node.TextNode.valueOf(receivedAt));
        }
        return measures;
    }

    private static String text(JsonNode value, String what) {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw NgsiLdException.badData("The uplink has no '" + what + "'");
        }
        return value.asText();
    }

    private static String optional(JsonNode value) {
        return value.isTextual() ? value.asText() : null;
    }

    /** A frame counter; 0 is omitted by the servers' JSON encoders, so a missing one is 0. */
    private static Long frame(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return 0L;
        }
        if (!value.canConvertToExactIntegral() || value.asLong() < 0) {
            throw NgsiLdException.badData("The frame counter must be a non-negative integer, not " + value);
        }
        return value.asLong();
    }

    private static Map<String, JsonNode> decoded(JsonNode payload, String what) {
        if (!payload.isObject()) {
            throw NgsiLdException.badData("The uplink has no decoded payload ('" + what + "'): configure a payload"
                    + " decoder on the network server");
        }
        Map<String, JsonNode> measures = new LinkedHashMap<>();
        payload.fields().forEachRemaining(field -> measures.put(field.getKey(), field.getValue()));
        return measures;
    }
}
