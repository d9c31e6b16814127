package be.belfort.opendata;

import be.belfort.model.NgsiLdException;

import java.util.Locale;

/**
 * Who may read a dataset: anyone, without credentials ({@code open}); authenticated reusers only
 * ({@code restricted}); nobody outside the platform ({@code personal}, never published).
 */
public enum AccessLevel {
    OPEN, RESTRICTED, PERSONAL;

    public String term() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccessLevel of(String term) {
        for (AccessLevel level : values()) {
            if (level.term().equals(term)) {
                return level;
            }
        }
        throw NgsiLdException.badData("accessLevel must be open, restricted or personal, not " + term);
    }
}
