package be.belfort.datapedia;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How well a need is met in a city on one dimension: {@code good}, {@code partial}, {@code missing}; {@code unknown}
 * where the platform cannot measure (an external dataset's entities), {@code hidden} where the reader may not see.
 */
public enum Level {
    GOOD, PARTIAL, MISSING, UNKNOWN, HIDDEN;

    @JsonValue
    public String term() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Level of(String term) {
        return valueOf(term.toUpperCase(Locale.ROOT));
    }

    /** The worse of two levels, for a cell's colour: missing beats partial beats the rest. */
    public Level worse(Level other) {
        return rank() >= other.rank() ? this : other;
    }

    private int rank() {
        return switch (this) {
            case GOOD -> 0;
            case UNKNOWN, HIDDEN -> 1;
            case PARTIAL -> 2;
            case MISSING -> 3;
        };
    }
}
