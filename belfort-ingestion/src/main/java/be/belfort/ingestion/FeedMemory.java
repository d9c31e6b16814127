package be.belfort.ingestion;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a polled feed's memory is kept between polls and across restarts: the documents' validators, the parking
 * table and the record last written per car park, for the feed configuration it belongs to.
 */
public interface FeedMemory {
    /**
     * What a feed remembers.
     *
     * @param feed the feed's configuration (its device's {@code datex2} member) when this was kept
     * @param memory the validators, table and records written
     * @param nextPoll when the feed is due
     */
    record Kept(JsonNode feed, JsonNode memory, Instant nextPoll) {
    }

    /** The feed's memory, or empty for a feed never polled (or whose memory was lost). */
    Optional<Kept> recall(String tenant, String deviceId);

    /** Keeps the feed's whole memory; nothing when the device is gone. */
    void keep(String tenant, String deviceId, Kept kept);

    /** Moves only the feed's next poll, its memory unchanged. */
    void reschedule(String tenant, String deviceId, Instant nextPoll);
}
