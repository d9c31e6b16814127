package be.belfort.dashboard;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How old a dataset's newest observation may be before its entities count as stale: twice the interval its
 * declared update frequency (an EU frequency IRI) promises, so that one late update is not yet an alarm. A
 * continuously updated dataset may be an hour old. Irregular, unknown and undeclared frequencies promise nothing.
 */
public final class UpdateFrequency {
    private static final Duration CONTINUOUS = Duration.ofHours(1);
    private static final Map<String, Duration> INTERVAL = Map.ofEntries(
            Map.entry("1MIN", Duration.ofMinutes(1)), Map.entry("5MIN", Duration.ofMinutes(5)),
            Map.entry("10MIN", Duration.ofMinutes(10)), Map.entry("15MIN", Duration.ofMinutes(15)),
            Map.entry("30MIN", Duration.ofMinutes(30)), Map.entry("HOURLY", Duration.ofHours(1)),
            Map.entry("DAILY", Duration.ofDays(1)), Map.entry("WEEKLY", Duration.ofDays(7)),
            Map.entry("BIWEEKLY", Duration.ofDays(14)), Map.entry("MONTHLY", Duration.ofDays(31)),
            Map.entry("QUARTERLY", Duration.ofDays(92)), Map.entry("ANNUAL", Duration.ofDays(366)));

    private UpdateFrequency() {
    }

    /** The age after which an entity of a dataset with this frequency is stale, or null when it promises none. */
    public static Duration allowedAge(String frequencyIri) {
        if (frequencyIri == null || frequencyIri.isBlank()) {
            return null;
        }
        String code = frequencyIri.substring(frequencyIri.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);
        if (code.equals("CONT") || code.equals("UPDATE_CONT") || code.equals("CONTINUOUS")) {
            return CONTINUOUS;
        }
        Duration interval = INTERVAL.get(code);
        return interval == null ? null : interval.multipliedBy(2);
    }
}
