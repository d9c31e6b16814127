package be.belfort.federation;

import be.belfort.model.NgsiLdException;

import java.util.Locale;

/** How a registered source's information relates to the platform's own (clause 4.3.6.2). */
public enum Mode {
    /** The source adds to what the platform holds; the default. */
    INCLUSIVE,
    /** The source alone holds the registered attributes of the registered entities. */
    EXCLUSIVE,
    /** The source holds the registered information instead of the platform. */
    REDIRECT,
    /** The source only supplements: its attributes count only where no other source has them. */
    AUXILIARY;

    public String term() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Mode of(String term) {
        for (Mode mode : values()) {
            if (mode.term().equals(term)) {
                return mode;
            }
        }
        throw NgsiLdException.badData("mode must be inclusive, exclusive, redirect or auxiliary, not '" + term + "'");
    }
}
