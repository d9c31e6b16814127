package be.belfort.api;

import be.belfort.model.NgsiLdException;
import be.belfort.model.UnstorableText;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

import java.util.Iterator;
import java.util.Map;

/**
 * Text the platform can store exactly as it was sent ({@link UnstorableText}): a NUL or a lone surrogate is
 * refused where a request enters, naming where it is.
 */
final class StorableText {
    private StorableText() {
    }

    /** Refuses a payload with a NUL or a lone surrogate in any member name or string value. */
    static void require(JsonNode payload) {
        check(payload, new StringBuilder());
    }

    /** Refuses a request parameter (a path segment, a query parameter name or value) that cannot be stored. */
    static void require(String what, String value) {
        String problem = problemIn(value);
        if (problem != null) {
            throw NgsiLdException.badData(what + " contains " + problem + ", which this platform cannot store");
        }
    }

    /**
     * Refuses a request whose query parameters carry a NUL. (Jetty refuses %00 in a path itself; a lone
     * surrogate cannot arrive in a URI: its UTF-8 bytes are not valid, and decode to U+FFFD.)
     */
    static void requireInQuery(Context ctx) {
        ctx.queryParamMap().forEach((name, values) -> {
            require("The name of a query parameter", name);
            values.forEach(value -> require("Query parameter '" + printable(name) + "'", value));
        });
    }

    private static void check(JsonNode node, StringBuilder pointer) {
        if (node.isTextual()) {
            String problem = problemIn(node.textValue());
            if (problem != null) {
                throw refused(problem, "the value at " + at(pointer));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> members = node.fields(); members.hasNext(); ) {
                Map.Entry<String, JsonNode> member = members.next();
                int length = pointer.length();
                String problem = problemIn(member.getKey());
                if (problem != null) {
                    throw refused(problem, "a member name in the object at " + at(pointer));
                }
                pointer.append('/').append(member.getKey().replace("~", "~0").replace("/", "~1"));
                check(member.getValue(), pointer);
                pointer.setLength(length);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                int length = pointer.length();
                pointer.append('/').append(i);
                check(node.get(i), pointer);
                pointer.setLength(length);
            }
        }
    }

    private static String at(StringBuilder pointer) {
        return pointer.isEmpty() ? "the top level" : printable(pointer.toString());
    }

    private static NgsiLdException refused(String problem, String where) {
        return NgsiLdException.badData("The payload contains " + problem + " in " + where
                + ", which this platform cannot store");
    }

    /** What makes the text unstorable, or null. */
    private static String problemIn(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (UnstorableText.at(text, i)) {
                char c = text.charAt(i);
                return c == 0 ? "a NUL character (U+0000)"
                        : "a lone UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase() + ")";
            }
        }
        return null;
    }

    /** The JSON Pointer as a reader can see it: control characters and surrogates written as \\uXXXX. */
    private static String printable(String pointer) {
        StringBuilder out = new StringBuilder(pointer.length());
        for (int i = 0; i < pointer.length(); i++) {
            char c = pointer.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        String shown = out.toString();
        return shown.length() <= 200 ? shown : shown.substring(0, 197) + "...";
    }
}
