package be.belfort.ingestion;

/**
 * A measurement, or a whole message, that was not written, and why.
 *
 * @param key the measurement key refused, or null for the whole message
 */
public record Refusal(String key, String reason) {
    public String describe() {
        return key == null ? reason : "'" + key + "': " + reason;
    }
}
