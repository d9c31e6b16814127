package be.belfort.temporal;

import java.time.Instant;
import java.util.List;

/**
 * The history of one or more entities, and the time range the answer covers completely when some attribute had
 * more instances than one answer holds (the range then goes into Content-Range and the answer is partial).
 *
 * @param rangeStart null when the answer is complete
 * @param rangeEnd null when the answer is complete
 */
public record HistoryAnswer(List<EntityHistory> entities, Instant rangeStart, Instant rangeEnd) {
    public boolean partial() {
        return rangeEnd != null;
    }
}
