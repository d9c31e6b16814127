package be.belfort.datapedia;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The largest age of the newest observation that a declared update frequency (the EU frequency vocabulary, as
 * DCAT-AP's dct:accrualPeriodicity names it) still allows; irregular, unknown or never-updated data allows any age.
 */
final class Frequencies {
    private static final Map<String, Duration> ALLOWED_AGE = Map.ofEntries(
            Map.entry("CONT", Duration.ofHours(1)), Map.entry("UPDATE_CONT", Duration.ofHours(1)),
            Map.entry("CONTINUOUS", Duration.ofHours(1)), Map.entry("1MIN", Duration.ofMinutes(2)),
            Map.entry("5MIN", Duration.ofMinutes(10)), Map.entry("10MIN", Duration.ofMinutes(20)),
            Map.entry("15MIN", Duration.ofMinutes(30)), Map.entry("30MIN", Duration.ofHours(1)),
            Map.entry("HOURLY", Duration.ofHours(2)), Map.entry("BIHOURLY", Duration.ofHours(4)),
            Map.entry("TRIHOURLY", Duration.ofHours(6)), Map.entry("12HRS", Duration.ofHours(24)),
            Map.entry("DAILY", Duration.ofDays(2)), Map.entry("DAILY_2", Duration.ofDays(1)),
            Map.entry("WEEKLY", Duration.ofDays(14)), Map.entry("BIWEEKLY", Duration.ofDays(28)),
            Map.entry("MONTHLY", Duration.ofDays(62)), Map.entry("QUARTERLY", Duration.ofDays(184)),
            Map.entry("BIENNIAL", Duration.ofDays(2 * 365 + 31)), Map.entry("ANNUAL", Duration.ofDays(365 + 31)));

    private Frequencies() {
    }

    /** The frequency's code: the last segment of its IRI ({@code .../frequency/DAILY} is DAILY). */
    static String code(String iri) {
        return iri == null ? null : iri.substring(iri.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);
    }

    /** The age the frequency allows, or null when it promises none. */
    static Duration allowedAge(String iri) {
        return iri == null ? null : ALLOWED_AGE.get(code(iri));
    }
}
