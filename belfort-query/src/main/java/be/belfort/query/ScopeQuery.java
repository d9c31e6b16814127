package be.belfort.query;

import java.util.ArrayList;
import java.util.List;

/**
 * A scope query, {@code scopeQ} (clause 4.19): scope patterns such as {@code /Gent/Centrum},
 * {@code /Gent/#} (a scope and everything below it), {@code /+/Parking} ({@code +} is one level) and
 * {@code /#} (any scope), joined by {@code ,} or {@code |} (or) and {@code ;} (and), with parentheses.
 */
public sealed interface ScopeQuery {

    /** One pattern, as a regular expression on a whole scope (PostgreSQL and RE2/J agree on the syntax used). */
    record Matches(String pattern, String regex) implements ScopeQuery {
    }

    record AllOf(List<ScopeQuery> terms) implements ScopeQuery {
    }

    record AnyOf(List<ScopeQuery> terms) implements ScopeQuery {
    }

    static ScopeQuery parse(String text) {
        Scanner in = new Scanner("scopeQ", text);
        ScopeQuery query = anyOf(in);
        if (!in.atEnd()) {
            throw in.error("expected ',' (or), ';' (and) or the end");
        }
        return query;
    }

    private static ScopeQuery anyOf(Scanner in) {
        List<ScopeQuery> terms = new ArrayList<>(List.of(allOf(in)));
        while (in.accept(",") || in.accept("|")) {
            terms.add(allOf(in));
        }
        return terms.size() == 1 ? terms.get(0) : new AnyOf(terms);
    }

    private static ScopeQuery allOf(Scanner in) {
        List<ScopeQuery> terms = new ArrayList<>(List.of(primary(in)));
        while (in.accept(";")) {
            terms.add(primary(in));
        }
        return terms.size() == 1 ? terms.get(0) : new AllOf(terms);
    }

    private static ScopeQuery primary(Scanner in) {
        in.term();
        if (in.accept("(")) {
            in.enter();
            ScopeQuery inner = anyOf(in);
            in.expect(")", "')' to close the '('");
            in.leave();
            return inner;
        }
        int start = in.position();
        if (!in.accept("/")) {
            throw in.error("a scope starts with '/'");
        }
        StringBuilder regex = new StringBuilder("^");
        if (in.accept("#")) {
            return new Matches(in.slice(start), "^/.*$");
        }
        while (true) {
            int segmentStart = in.position();
            if (in.accept("+")) {
                regex.append("/[^/]+");
            } else if (in.accept("#")) {
                regex.append("(/.*)?");
                if (!in.atEnd() && "),|;".indexOf(in.peek()) < 0) {
                    throw in.error("'#' may only end a scope pattern");
                }
                break;
            } else {
                while (!in.atEnd() && "/),|;#+".indexOf(in.peek()) < 0) {
                    in.next();
                }
                String segment = in.slice(segmentStart);
                if (segment.isEmpty()) {
                    throw in.errorAt(segmentStart, "expected a scope level name");
                }
                regex.append('/').append(escape(segment));
            }
            if (!in.accept("/")) {
                break;
            }
        }
        String pattern = regex.append('$').toString();
        try {
            ClientPattern.check(pattern);
        } catch (ClientPattern.Refused e) {
            throw in.errorAt(start, "this scope pattern cannot be used: " + e.getMessage());
        }
        return new Matches(in.slice(start), pattern);
    }

    private static String escape(String literal) {
        StringBuilder escaped = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if (".[]{}()*+?^$\\|".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
