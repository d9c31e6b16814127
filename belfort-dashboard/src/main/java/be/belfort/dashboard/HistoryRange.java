package be.belfort.dashboard;

import java.time.Duration;

/** The time ranges of a history chart, each with the length of the periods its points aggregate. */
public enum HistoryRange {
    DAY("24h", Duration.ofHours(24), Duration.ofMinutes(15)),
    WEEK("7d", Duration.ofDays(7), Duration.ofHours(2)),
    MONTH("30d", Duration.ofDays(30), Duration.ofHours(6)),
    YEAR("1y", Duration.ofDays(365), Duration.ofDays(1));

    private final String code;
    private final Duration length;
    private final Duration period;

    HistoryRange(String code, Duration length, Duration period) {
        this.code = code;
        this.length = length;
        this.period = period;
    }

    public String code() {
        return code;
    }

    public Duration length() {
        return length;
    }

    public Duration period() {
        return period;
    }

    /** The range a code names; null for an unknown code. */
    public static HistoryRange ofCode(String code) {
        for (HistoryRange range : values()) {
            if (range.code.equals(code)) {
                return range;
            }
        }
        return null;
    }
}
