package be.belfort.model;

import java.net.URI;
import java.net.URISyntaxException;

/** Validity rules for identifiers, names and timestamps (NGSI-LD clauses 4.6.2, 4.6.3, 4.6.4). */
public final class Names {
    /** Characters no id or name may hold besides whitespace, controls, format characters and other spaces. */
    private static final String FORBIDDEN_ASCII = "<>\"'=;()\\";

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
        if (!startsWithScheme(value) || hasForbiddenCharacter(value)) {
            throw NgsiLdException.badData(what + " must be a URI, not '" + abbreviate(value) + "'");
        }
        try {
            new URI(value);
        } catch (URISyntaxException e) {
            throw NgsiLdException.badData(what + " must be a URI, not '" + abbreviate(value) + "': " + e.getReason());
        }
        return value;
    }

    /** Whether the text starts with a URI scheme (a letter, then letters, digits, '+', '-' or '.') and a colon. */
    static boolean startsWithScheme(String text) {
        if (text.isEmpty() || !isAsciiLetter(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':') {
                return i + 1 < text.length();
            }
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /**
     * Whether the text holds whitespace, a control (C0 or C1), one of {@code <>"'=;()\}, or a character that is
     * invisible or a space of another kind (format characters such as a zero-width space or byte order mark; space,
     * line and paragraph separators): these make two names that look the same differ, so they are refused like
     * whitespace.
     * Checked by hand rather than by a regular expression, as every id of every request passes here.
     */
    static boolean hasForbiddenCharacter(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c < 0x80 ? c <= ' ' || c == 0x7F || FORBIDDEN_ASCII.indexOf(c) >= 0 : invisibleOrSpace(c)) {
                return true;
            }
            i += Character.charCount(c);
        }
        return false;
    }

    private static boolean invisibleOrSpace(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SPACE_SEPARATOR
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** Checks an attribute name or entity type name before it is expanded. */
    public static String requireName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw NgsiLdException.badData(what + " must not be empty");
        }
        requireLength(what, name);
        if (hasForbiddenCharacter(name) || name.startsWith("@")) {
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
