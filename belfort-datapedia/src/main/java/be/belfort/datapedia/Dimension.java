package be.belfort.datapedia;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What the diagnosis asks of the data for a need in a city. */
public enum Dimension {
    AVAILABILITY, ACCESSIBILITY, TIMELINESS, COMPLETENESS, COVERAGE, STANDARDS, PARTNERS;

    @JsonValue
    public String term() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Dimension of(String term) {
        return valueOf(term.toUpperCase(Locale.ROOT));
    }
}
