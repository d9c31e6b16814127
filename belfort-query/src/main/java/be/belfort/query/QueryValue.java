package be.belfort.query;

import java.math.BigDecimal;
import java.util.List;

/** The right-hand side of a q comparison: one literal, a range {@code a..b} or a list {@code a,b,c}. */
public sealed interface QueryValue {

    /** The kinds of literal that the q grammar tells apart by their syntax. */
    enum Kind { NUMBER, STRING, BOOLEAN, DATE_TIME, DATE, TIME, URI }

    /**
     * One literal value.
     *
     * @param kind what the syntax says it is
     * @param text the value as text: unquoted string, ISO 8601 text, URI, "true"/"false" or the number
     */
    record Literal(Kind kind, String text) implements QueryValue {
        public BigDecimal number() {
            return new BigDecimal(text);
        }

        public boolean isTemporal() {
            return kind == Kind.DATE_TIME || kind == Kind.DATE || kind == Kind.TIME;
        }
    }

    /** An inclusive range; both ends are comparable literals of the same kind. */
    record Range(Literal low, Literal high) implements QueryValue {
    }

    /** Any of the values. */
    record ValueList(List<Literal> values) implements QueryValue {
        public ValueList {
            values = List.copyOf(values);
        }
    }

    /** A regular expression, for {@code ~=} and {@code !~=}. */
    record Pattern(String regex) implements QueryValue {
    }
}
