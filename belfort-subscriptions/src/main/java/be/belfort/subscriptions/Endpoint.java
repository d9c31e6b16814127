package be.belfort.subscriptions;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Where notifications go (clause 5.2.15): an HTTP(S) URL, or an MQTT(S) broker and topic.
 *
 * @param uri          the endpoint
 * @param accept       the media type of the notification: application/json or application/ld+json
 * @param receiverInfo headers (HTTP) or metadata (MQTT) to send with each notification, in order
 * @param notifierInfo settings for the notifier, such as MQTT-QoS and MQTT-Version
 */
public record Endpoint(URI uri, String accept, List<Map.Entry<String, String>> receiverInfo,
                       Map<String, String> notifierInfo) {
    public static final String JSON = "application/json";
    public static final String JSON_LD = "application/ld+json";

    public Endpoint {
        receiverInfo = List.copyOf(receiverInfo);
        notifierInfo = Map.copyOf(notifierInfo);
    }

    public boolean isMqtt() {
        return uri.getScheme().startsWith("mqtt");
    }

    /** The MQTT quality of service: 0 (the default) or 1. */
    public int mqttQos() {
        return Integer.parseInt(notifierInfo.getOrDefault("MQTT-QoS", "0"));
    }

    /** The key that groups notifications into one delivery queue: one queue per receiver. */
    public String queueKey() {
        return uri.toString();
    }
}
