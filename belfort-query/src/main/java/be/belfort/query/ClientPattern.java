package be.belfort.query;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A regular expression a client sent ({@code idPattern}, {@code q} with {@code ~=}, and the patterns
 * {@code scopeQ} becomes), matched in memory with RE2/J. RE2/J takes time linear in the text matched
 * (no backtracking), so no pattern can stall the write whose change is matched against a subscription.
 *
 * <p>Queries run the same patterns in PostgreSQL. A pattern is accepted only in the syntax both
 * engines read alike: characters, classes ({@code [a-z]}, {@code [[:alpha:]]}), {@code . ^ $ | * + ?},
 * counted repetition, groups and {@code (?:...)}, the escapes {@code \d \w \s} (and their negations),
 * {@code \t \n \r \f \v \A} and escaped punctuation, and a leading {@code (?i)}. Back-references and
 * look-around (PostgreSQL only), {@code \b} (a word boundary in one engine, a backspace in the other),
 * {@code \p{..}} and inline flags elsewhere are refused, so a subscription and a query with the same
 * pattern select the same entities. The dot matches a newline, as in PostgreSQL's {@code ~}.
 *
 * <p>The length and the size of what a pattern compiles to are bounded: counted repetition multiplies
 * ({@code ((a{100}){100}){100}} is a million steps for every character matched).
 */
public final class ClientPattern {
    /** The longest pattern accepted, in characters. */
    public static final int MAX_LENGTH = 1_000;
    /** The largest pattern accepted, in (estimated) compiled steps; repetitions count as often as they repeat. */
    public static final int MAX_SIZE = 5_000;
    private static final int CACHED = 1_000;
    private static final String ESCAPES = "dDwWsStnrfvA";
    private static final String CLASS_ESCAPES = "dwstnrfv";
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private ClientPattern() {
    }

    /** Thrown when a pattern is refused; the message says why, for the client. */
    public static final class Refused extends IllegalArgumentException {
        Refused(String why) {
            super(why);
        }
    }

    /**
     * Checks a pattern; throws {@link Refused} naming the reason when it cannot be used. Checking does not
     * fill the cache, so that queries cannot push out the patterns subscriptions match on every write.
     */
    public static void check(String regex) {
        compile(regex);
    }

    /** True when the pattern matches somewhere in the text, as PostgreSQL's {@code ~} and {@code like_regex} do. */
    public static boolean find(String regex, String text) {
        return compiled(regex).matcher(text).find();
    }

    private static Pattern compiled(String regex) {
        Pattern pattern = COMPILED.get(regex);
        if (pattern != null) {
            return pattern;
        }
        pattern = compile(regex);
        if (COMPILED.size() >= CACHED) {
            COMPILED.clear();
        }
        COMPILED.put(regex, pattern);
        return pattern;
    }

    static Pattern compile(String regex) {
        if (regex.length() > MAX_LENGTH) {
            throw new Refused("a regular expression may have at most " + MAX_LENGTH + " characters, not " + regex.length());
        }
        int size = new Estimate(regex).size();
        if (size > MAX_SIZE) {
            throw new Refused("the regular expression is too large once its repetitions are counted (about " + size
                    + " steps, at most " + MAX_SIZE + " are allowed)");
        }
        try {
            return Pattern.compile(regex, Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new Refused(e.getMessage());
        }
    }

    /**
     * Walks a pattern once: refuses the syntax the two engines read differently and estimates the size
     * of the compiled pattern (each atom one step, a counted repetition its atom times its count).
     */
    private static final class Estimate {
        private final String regex;
        private int at;

        Estimate(String regex) {
            this.regex = regex;
        }

        int size() {
            if (regex.startsWith("(?i)")) {
                at = 4;
            }
            long size = sequence(0);
            return (int) Math.min(size, Integer.MAX_VALUE);
        }

        /** The steps up to the end of the group (or pattern) that starts at depth {@code depth}. */
        private long sequence(int depth) {
            long total = 0;
            long last = 0;
            while (at < regex.length()) {
                char c = regex.charAt(at++);
                switch (c) {
                    case '\\' -> last = escape(ESCAPES, "");
                    case '[' -> last = characterClass();
                    case '(' -> {
                        if (regex.startsWith("?", at)) {
                            if (!regex.startsWith("?:", at)) {
                                throw new Refused("'(?' at position " + at + ": look-around, named groups and inline flags "
                                        + "are not supported (only (?:...) groups, and (?i) at the start)");
                            }
                            at += 2;
                        }
                        last = sequence(depth + 1);
                    }
                    case ')' -> {
                        if (depth > 0) {
                            return total + 1;
                        }
                        last = 1;
                    }
                    case '{' -> {
                        long count = count();
                        if (count < 0) {
                            last = 1;
                        } else {
                            total += saturated(last, count - 1);
                            last = 0;
                            continue;
                        }
                    }
                    case '*', '+', '?', '|' -> {
                        total += 1;
                        last = 0;
                        continue;
                    }
                    default -> last = 1;
                }
                total += last;
            }
            return total;
        }

        private long escape(String allowed, String where) {
            if (at >= regex.length()) {
                throw new Refused("the regular expression ends with a lone backslash");
            }
            char escaped = regex.charAt(at++);
            if (Character.isLetterOrDigit(escaped) && allowed.indexOf(escaped) < 0) {
                throw new Refused("the escape \\" + escaped + where + " is not supported: use \\d \\w \\s (and \\D \\W \\S), "
                        + "\\t \\n \\r \\f \\v, \\A, or a backslash before punctuation"
                        + (Character.isDigit(escaped) ? "; back-references are not supported" : ""));
            }
            return 1;
        }

        private long characterClass() {
            if (regex.startsWith("^", at)) {
                at++;
            }
            if (regex.startsWith("]", at)) {
                at++;
            }
            while (at < regex.length()) {
                char c = regex.charAt(at++);
                if (c == ']') {
                    return 1;
                }
                if (c == '\\') {
                    escape(CLASS_ESCAPES, " inside [...]");
                } else if (c == '[' && regex.startsWith(":", at)) {
                    int end = regex.indexOf(":]", at + 1);
                    if (end < 0) {
                        throw new Refused("a '[:' class name is never closed with ':]'");
                    }
                    at = end + 2;
                }
            }
            return 1;
        }

        /** The largest count of a repetition {n}, {n,} or {n,m} just after its '{', or -1 when '{' is a literal. */
        private long count() {
            int close = regex.indexOf('}', at);
            if (close < 0 || !regex.substring(at, close).matches("\\d{1,4}(,\\d{0,4})?")) {
                return -1;
            }
            String[] bounds = regex.substring(at, close).split(",", -1);
            at = close + 1;
            long low = Long.parseLong(bounds[0]);
            if (bounds.length == 1) {
                return Math.max(low, 1);
            }
            return bounds[1].isEmpty() ? low + 1 : Math.max(Long.parseLong(bounds[1]), 1);
        }

        private static long saturated(long size, long times) {
            return size > Integer.MAX_VALUE / Math.max(times, 1) ? Integer.MAX_VALUE : size * times;
        }
    }
}
