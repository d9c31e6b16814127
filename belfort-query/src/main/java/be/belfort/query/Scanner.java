package be.belfort.query;

import be.belfort.model.NgsiLdException;

/**
 * Reads a query parameter character by character and reports mistakes with their position (1-based). Holds
 * the expression to the {@link QueryLimits}: its length, the nesting of its parentheses and its terms.
 */
final class Scanner {
    private final String parameter;
    private final String text;
    private int position;
    private int depth;
    private int terms;

    Scanner(String parameter, String text) {
        QueryLimits.requireLength(parameter, text);
        this.parameter = parameter;
        this.text = text;
    }

    /** Enters a pair of parentheses; refuses one nested deeper than {@link QueryLimits#MAX_DEPTH}. */
    void enter() {
        if (++depth > QueryLimits.MAX_DEPTH) {
            throw QueryLimits.exceeded(parameter, "nests parentheses deeper than " + QueryLimits.MAX_DEPTH,
                    QueryLimits.MAX_DEPTH);
        }
    }

    void leave() {
        depth--;
    }

    /** Counts one more term; refuses more than {@link QueryLimits#MAX_TERMS}. */
    void term() {
        if (++terms > QueryLimits.MAX_TERMS) {
            throw QueryLimits.exceeded(parameter, "has more than " + QueryLimits.MAX_TERMS + " terms",
                    QueryLimits.MAX_TERMS);
        }
    }

    NgsiLdException exceeded(String what, int limit) {
        return QueryLimits.exceeded(parameter, what, limit);
    }

    boolean atEnd() {
        return position >= text.length();
    }

    char peek() {
        return atEnd() ? '\0' : text.charAt(position);
    }

    boolean lookingAt(String prefix) {
        return text.startsWith(prefix, position);
    }

    /** Consumes the prefix when the text continues with it. */
    boolean accept(String prefix) {
        if (lookingAt(prefix)) {
            position += prefix.length();
            return true;
        }
        return false;
    }

    void expect(String prefix, String what) {
        if (!accept(prefix)) {
            throw error("expected " + what);
        }
    }

    char next() {
        return text.charAt(position++);
    }

    int position() {
        return position;
    }

    String slice(int from) {
        return text.substring(from, position);
    }

    NgsiLdException error(String why) {
        return errorAt(position, why);
    }

    NgsiLdException errorAt(int at, String why) {
        String found = at >= text.length() ? "the end" : "'" + text.charAt(at) + "'";
        return NgsiLdException.badData("Invalid " + parameter + " at position " + (at + 1) + " (found " + found
                + "): " + why + ". The " + parameter + " was: " + QueryLimits.echo(text));
    }
}
