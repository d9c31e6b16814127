package be.belfort.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** Validity rules for identifiers, names and timestamps (NGSI-LD clauses 4.6.2, 4.6.3, 4.6.4). */
public final class Names {
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.+");
    // Invisible format characters (zero-width space, byte order mark) and other spaces make two names that look
    // the same differ: they are refused like whitespace.
    private static final Pattern FORBIDDEN_IN_NAME = Pattern.compile("[<>\"'=;()\\s\\\\]|\\p{Cntrl}|\\p{Cf}|\\p{Z}");

    /**
     * The longest id (entity, subscription, datasetId, relationship object) or name (entity type, attribute),
     * in bytes of UTF-8. An entity's id and types share one index entry of at most 2,704 bytes; a URL that
     * names an id and an attribute, percent-encoded (up to 3 characters a byte), must stay within the 8 KiB
     * request line; and the id goes back in the Location header.
     */
    public static final int MAX_LENGTH = 1024;

    private Names() {
    }

    /** Checks that the value is an absolute URI, as entity ids, datasetIds and relationship objects must be. */
    public static String requireUri(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw NgsiLdException.badData(what + " is missing");
        }
        requireLength(what, value);
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
        requireLength(what, name);
        if (FORBIDDEN_IN_NAME.matcher(name).find() || name.startsWith("@")) {
            throw NgsiLdException.badData(what + " '" + abbreviate(name) + "' contains a forbidden character");
        }
        return name;
    }

    /**
     * Checks a scope: a path of one or more non-empty segments such as /Gent/Centrum, without whitespace,
     * '#' or '+', and no longer than ids and names. Checked segment by segment: a regular expression with a
     * repeated group recurses once per segment, and thousands of segments overflow the stack.
     */
    public static String requireScope(String scope) {
        boolean valid = scope.length() > 1 && scope.charAt(0) == '/' && !scope.endsWith("/");
        for (int i = 1; valid && i < scope.length(); i++) {
            char c = scope.charAt(i);
            valid = !Character.isWhitespace(c) && c != '#' && c != '+' && !(c == '/' && scope.charAt(i - 1) == '/');
        }
        if (!valid) {
            throw NgsiLdException.badData("Invalid scope '" + abbreviate(scope) + "': a scope is a path such as /Gent/Centrum");
        }
        requireLength("A scope", scope);
        return scope;
    }

    private static void requireLength(String what, String value) {
        if (value.length() > MAX_LENGTH || utf8Length(value) > MAX_LENGTH) {
            throw NgsiLdException.badData(what + " is longer than the " + MAX_LENGTH + " bytes (UTF-8) this platform"
                    + " accepts for ids and names: '" + abbreviate(value) + "'");
        }
    }

    private static int utf8Length(String value) {
        int bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // A surrogate pair is 4 bytes together, 2 for each half.
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /**
     * Checks an ISO 8601 date-time with offset, as observedAt and other temporal members must be, within the
     * range {@link Times} takes.
     */
    public static String requireDateTime(String what, String value) {
        Times.parse(what, value);
        return value;
    }

    /** A timestamp of a payload ({@code observedAt}): a date-time in UTC, written with {@code Z} as NGSI-LD asks. */
    public static String requireUtcDateTime(String what, String value) {
        requireDateTime(what, value);
        if (!value.endsWith("Z")) {
            throw NgsiLdException.badData(what + " must be in UTC with a 'Z', such as 2026-12-01T10:00:00Z, not '"
                    + abbreviate(value) + "'");
        }
        return value;
    }

    public static String abbreviate(String value) {
        return value.length() <= 120 ? value : value.substring(0, 117) + "...";
    }
}
