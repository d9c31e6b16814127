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

    /**
     * A receiver's address as logs and thread names show it: without its user information and query, which may
     * carry a password or a token of the receiver's.
     */
    public static String shown(String queueKey) {
        try {
            URI parsed = new URI(queueKey);
            if (parsed.getHost() == null) {
                return "a receiver";
            }
            String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
            return parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort())
                    + path + (parsed.getRawQuery() == null ? "" : "?…");
        } catch (java.net.URISyntaxException e) {
            return "a receiver";
        }
    }
}
