package be.belfort.ingestion;

import java.time.Duration;

/**
 * The options of ingestion.
 *
 * @param maxMessageBytes the largest southbound message accepted (413 above)
 * @param maxFutureSkew how far ahead of the platform's clock an observation time may be
 * @param batchSize the most messages one group commit writes in one transaction
 * @param linger how long a group commit waits for more messages once it has one
 * @param mqtt the MQTT broker to take device messages from, or null for none
 */
public record IngestionSettings(int maxMessageBytes, Duration maxFutureSkew, int batchSize, Duration linger,
                                MqttBroker mqtt) {
    public static final IngestionSettings DEFAULTS = new IngestionSettings(16 * 1024, Duration.ofMinutes(5), 500,
            Duration.ofMillis(2), null);

    /**
     * The city's MQTT broker.
     *
     * @param url {@code mqtt://host:port} or {@code mqtts://host:port} (TLS)
     * @param user null for none
     * @param password null for none
     * @param clientId the MQTT client identifier, which names this node's persistent session at the broker; null for
     *                 {@code belfort-ingestion-<broker host>}
     * @param sharedGroup null, or the shared-subscription group that several nodes join ({@code $share/<group>/…}),
     *                    so that the broker gives each message to one of them
     * @param version the MQTT version to speak: 5 unless the broker speaks only 3.1.1
     * @param maxInFlight how many messages from the broker may await their commit at once: at that many Belfort stops
     *                    reading from the broker, which holds the rest back (its queue, then TCP)
     */
    public record MqttBroker(String url, String user, String password, String clientId, String sharedGroup,
                             Version version, int maxInFlight) {
        public static final int DEFAULT_MAX_IN_FLIGHT = 1000;
        /** The most messages a window may hold, well under the 65,535 unacknowledged messages MQTT allows. */
        public static final int MAX_IN_FLIGHT = 10_000;

        /** The MQTT versions Belfort speaks with the broker. */
        public enum Version {
            V5("5"), V3_1_1("3.1.1");

            private final String label;

            Version(String label) {
                this.label = label;
            }

            public static Version of(String label) {
                for (Version version : values()) {
                    if (version.label.equals(label.trim())) {
                        return version;
                    }
                }
                throw new IllegalArgumentException("--mqtt-version is 5 or 3.1.1, not '" + label + "'");
            }

            @Override
            public String toString() {
                return label;
            }
        }

        public MqttBroker(String url, String user, String password) {
            this(url, user, password, null, null);
        }

        public MqttBroker(String url, String user, String password, String clientId, String sharedGroup) {
            this(url, user, password, clientId, sharedGroup, Version.V5, DEFAULT_MAX_IN_FLIGHT);
        }

        public MqttBroker {
            if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT) {
                throw new IllegalArgumentException("--mqtt-max-in-flight is between 1 and " + MAX_IN_FLIGHT + ", not "
                        + maxInFlight);
            }
            if (sharedGroup != null && !sharedGroup.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("--mqtt-shared-group takes letters, digits, '-' and '_', not '"
                        + sharedGroup + "'");
            }
        }

        /** The topic filter to subscribe with: shared among the group's nodes when there is a group. */
        public String subscription(String topicFilter) {
            return sharedGroup == null ? topicFilter : "$share/" + sharedGroup + "/" + topicFilter;
        }
    }

    public IngestionSettings withMqtt(MqttBroker broker) {
        return new IngestionSettings(maxMessageBytes, maxFutureSkew, batchSize, linger, broker);
    }

    public IngestionSettings {
        if (maxMessageBytes < 1 || batchSize < 1 || maxFutureSkew.isNegative() || linger.isNegative()) {
            throw new IllegalArgumentException("Ingestion needs a message size and batch size of at least 1 and"
                    + " durations of at least 0");
        }
    }
}
