package be.belfort.ingestion;

import java.time.Instant;
import java.util.List;

/**
 * What a device's messages did: when it was last heard, how many measurements were written and refused, and the
 * most recent refusals with their reasons (newest first).
 *
 * @param lastFrame the last LoRaWAN frame counter written, or null
 */
public record DeviceStatus(Instant lastSeen, long accepted, long refused, List<Error> lastErrors, Long lastFrame) {
    public static final DeviceStatus NONE = new DeviceStatus(null, 0, 0, List.of(), null);
    /** How many refusals a device's status keeps. */
    public static final int KEPT_ERRORS = 10;

    public record Error(Instant at, String reason) {
    }

    /** A change to one device's status, as a batch of messages made it. */
    public record Change(String tenant, String deviceId, Instant lastSeen, long accepted, long refused,
                         List<Error> errors, Long lastFrame) {
    }
}
