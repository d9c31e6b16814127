package be.belfort.query;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.UnaryOperator;

/** The right-hand side of a q comparison: one literal, a range {@code a..b} or a list {@code a,b,c}. */
public sealed interface QueryValue {

    /**
     * The same value with each string also expanded as a vocabulary term, since VocabProperty values are
     * stored as IRIs ({@code "commercial"} may stand for {@code https://…/commercial}).
     */
    QueryValue withVocab(UnaryOperator<String> expander);

    /** The kinds of literal that the q grammar tells apart by their syntax. */
    enum Kind { NUMBER, STRING, BOOLEAN, DATE_TIME, DATE, TIME, URI }

    /**
     * One literal value.
     *
     * @param kind  what the syntax says it is
     * @param text  the value as text: unquoted string, ISO 8601 text, URI, "true"/"false" or the number
     * @param vocab the text expanded as a vocabulary term (strings and URIs, once expanded), or null
     */
    record Literal(Kind kind, String text, String vocab) implements QueryValue {
        public Literal(Kind kind, String text) {
            this(kind, text, null);
        }

        @Override
        public Literal withVocab(UnaryOperator<String> expander) {
            if (kind != Kind.STRING && kind != Kind.URI) {
                return this;
            }
            try {
                return new Literal(kind, text, expander.apply(text));
            } catch (RuntimeException notATerm) {
                return this;
            }
        }

        public BigDecimal number() {
            return new BigDecimal(text);
        }

        public boolean isTemporal() {
            return kind == Kind.DATE_TIME || kind == Kind.DATE || kind == Kind.TIME;
        }
    }

    /** An inclusive range; both ends are comparable literals of the same kind. */
    record Range(Literal low, Literal high) implements QueryValue {
        @Override
        public QueryValue withVocab(UnaryOperator<String> expander) {
            return new Range(low.withVocab(expander), high.withVocab(expander));
        }
    }

    /** Any of the values. */
    record ValueList(List<Literal> values) implements QueryValue {
        public ValueList {
            values = List.copyOf(values);
        }

        @Override
        public QueryValue withVocab(UnaryOperator<String> expander) {
            return new ValueList(values.stream().map(value -> value.withVocab(expander)).toList());
        }
    }

    /** A regular expression, for {@code ~=} and {@code !~=}. */
    record Pattern(String regex) implements QueryValue {
        @Override
        public QueryValue withVocab(UnaryOperator<String> expander) {
            return this;
        }
    }
}
