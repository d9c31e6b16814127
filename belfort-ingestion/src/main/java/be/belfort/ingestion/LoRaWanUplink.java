package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.Map;

/**
 * A LoRaWAN uplink as a network server's webhook delivers it, reduced to what ingestion needs: the device's
 * DevEUI, the frame counter, the time the network received it, the payload its decoder produced (or, without one,
 * the raw payload decoded as Cayenne LPP), and the signal of the gateway that heard it best.
 *
 * @param receivedAt the network server's time of receipt, or null
 * @param radio {@code gateway_id}, {@code rssi} and {@code snr} of the gateway with the strongest signal, when given
 */
public record LoRaWanUplink(String devEui, Long frame, String receivedAt, Map<String, JsonNode> decoded,
                            Map<String, JsonNode> radio) {

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
                decoded(uplink.path("decoded_payload"), uplink.path("frm_payload"), "uplink_message.decoded_payload"),
                radio(uplink.path("rx_metadata"), gateway -> gateway.path("gateway_ids").path("gateway_id")));
    }

    /** A ChirpStack v4 {@code up} event: {@code deviceInfo.devEui}, {@code time}, {@code fCnt} and {@code object}. */
    public static LoRaWanUplink chirpStack(JsonNode body) {
        if (!body.path("deviceInfo").isObject()) {
            throw NgsiLdException.badData("This is not a ChirpStack up event: it has no 'deviceInfo'");
        }
        return new LoRaWanUplink(text(body.path("deviceInfo").path("devEui"), "deviceInfo.devEui"),
                frame(body.path("fCnt")), optional(body.path("time")), decoded(body.path("object"), body.path("data"), "object"),
                radio(body.path("rxInfo"), gateway -> gateway.path("gatewayId")));
    }

    /**
     * The decoded measures, with the time of receipt under the device's time key and the radio signal, unless the
     * payload has measures of those names.
     */
    public Map<String, JsonNode> measures(String timeKey) {
        Map<String, JsonNode> measures = new LinkedHashMap<>(decoded);
        radio.forEach(measures::putIfAbsent);
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

    /** The network server's decoded payload; without one, the raw payload (base64) as Cayenne LPP. */
    private static Map<String, JsonNode> decoded(JsonNode payload, JsonNode raw, String what) {
        Map<String, JsonNode> measures = new LinkedHashMap<>();
        if (payload.isObject()) {
            payload.fields().forEachRemaining(field -> measures.put(field.getKey(), field.getValue()));
            return measures;
        }
        if (!raw.isTextual() || raw.asText().isEmpty()) {
            throw NgsiLdException.badData("The uplink has no decoded payload ('" + what + "') and no raw payload:"
                    + " configure a payload decoder on the network server, or send Cayenne LPP");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(raw.asText());
        } catch (IllegalArgumentException e) {
            throw NgsiLdException.badData("The uplink's raw payload is not base64: " + e.getMessage());
        }
        try {
            return CayenneLpp.decode(bytes);
        } catch (NgsiLdException e) {
            throw NgsiLdException.badData("The uplink has no decoded payload ('" + what + "') and its raw payload is not"
                    + " Cayenne LPP: " + e.detail());
        }
    }

    /** The gateway that heard the uplink best (highest RSSI): its id, RSSI (dBm) and SNR (dB). */
    private static Map<String, JsonNode> radio(JsonNode gateways, Function<JsonNode, JsonNode> gatewayId) {
        JsonNode best = null;
        for (JsonNode gateway : gateways.isArray() ? gateways : List.<JsonNode>of()) {
            if (gateway.path("rssi").isNumber()
                    && (best == null || gateway.path("rssi").asDouble() > best.path("rssi").asDouble())) {
                best = gateway;
            }
        }
        Map<String, JsonNode> radio = new LinkedHashMap<>();
        if (best != null) {
            if (gatewayId.apply(best).isTextual()) {
                radio.put("gateway_id", gatewayId.apply(best));
            }
            radio.put("rssi", best.get("rssi"));
            if (best.path("snr").isNumber()) {
                radio.put("snr", best.get("snr"));
            }
        }
        return radio;
    }
}
