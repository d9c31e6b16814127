package be.belfort.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** Validity rules for identifiers, names and timestamps (NGSI-LD clauses 4.6.2, 4.6.3, 4.6.4). */
public final class Names {
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.+");
    private static final Pattern FORBIDDEN_IN_NAME = Pattern.compile("[<>\"'=;()\\s\\\\]|\\p{Cntrl}");

    private Names() {
    }

    /** Checks that the value is an absolute URI, as entity ids, datasetIds and relationship objects must be. */
    public static String requireUri(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw NgsiLdException.badData(what + " is missing");
        }
        if (!SCHEME.matcher(value).matches() || FORBIDDEN_IN_NAME.matcher(value).find()) {
            throw NgsiLdException.badData(what + " must be a URI, not '" + abbreviate(value) + "'");
        }
        try {
            new URI(value);
        } catch (URISyntaxException e) {
            throw NgsiLdException.badData(what + " must be a URI, not '" + abbreviate(value) + "': " + e.getReason());
        }
        return value;
    }

    /** Checks an attribute name or entity type name before it is expanded. */
    public static String requireName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw NgsiLdException.badData(what + " must not be empty");
        }
        if (FORBIDDEN_IN_NAME.matcher(name).find() || name.startsWith("@")) {
            throw NgsiLdException.badData(what + " '" + abbreviate(name) + "' contains a forbidden character");
        }
        return name;
    }

    /**
     * Checks an ISO 8601 date-time with offset, as observedAt and other temporal members must be, within the
     * range {@link Times} takes.
     */
    public static String requireDateTime(String what, String value) {
        Times.parse(what, value);
        return value;
    }

    public static String abbreviate(String value) {
        return value.length() <= 120 ? value : value.substring(0, 117) + "...";
    }
}
