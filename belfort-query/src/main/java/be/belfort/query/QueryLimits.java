package be.belfort.query;

import be.belfort.model.NgsiLdException;

/**
 * The limits every query expression ({@code q}, {@code type}, {@code scopeQ}) is held to while it is parsed,
 * far below what the parser's stack, PostgreSQL's stack depth or a statement's planning time could carry, so
 * that an expression past them is a 400 BadRequestData naming the limit, never a 500 or a long wait. Listed for
 * users in docs/limits.md.
 */
public final class QueryLimits {
    /** The longest expression, in characters. */
    public static final int MAX_LENGTH = 32_768;
    /** The deepest nesting of parentheses. */
    public static final int MAX_DEPTH = 32;
    /** The most terms: conditions in a {@code q}, type names in a {@code type}, patterns in a {@code scopeQ}. */
    public static final int MAX_TERMS = 256;
    /** The most values one {@code q} lists, counting every list ({@code a==1,2,3}) together. */
    public static final int MAX_VALUES = 1_000;
    /** The most segments of an attribute path in {@code q}: the attribute, its sub-attributes and member keys. */
    public static final int MAX_PATH_SEGMENTS = 16;
    /** How much of a refused expression an error repeats. */
    static final int ECHOED = 200;

    private QueryLimits() {
    }

    static NgsiLdException exceeded(String parameter, String what, int limit) {
        return NgsiLdException.badData("The " + parameter + " parameter " + what + " (the limit is " + limit + ")");
    }

    /** Refuses an expression longer than {@link #MAX_LENGTH} before any parsing. */
    static void requireLength(String parameter, String text) {
        if (text.length() > MAX_LENGTH) {
            throw exceeded(parameter, "is " + text.length() + " characters long", MAX_LENGTH);
        }
    }

    /** The expression as an error repeats it: whole when short, else its beginning. */
    static String echo(String text) {
        return text.length() <= ECHOED ? text : text.substring(0, ECHOED) + "… (" + text.length() + " characters)";
    }
}
