package be.belfort.query;

import be.belfort.model.NgsiLdException;

/** Reads a query parameter character by character and reports mistakes with their position (1-based). */
final class Scanner {
    private final String parameter;
    private final String text;
    private int position;

    Scanner(String parameter, String text) {
        this.parameter = parameter;
        this.text = text;
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
                + "): " + why + ". The " + parameter + " was: " + text);
    }
}
