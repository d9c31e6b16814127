package be.belfort.query;

import java.util.List;
import java.util.function.UnaryOperator;

/** A parsed q expression (clause 4.9): terms joined by {@code ;} (and) and {@code |} (or). */
public sealed interface QueryExpression {

    /** The same expression with attribute names expanded to IRIs. */
    QueryExpression expand(UnaryOperator<String> expander);

    record AllOf(List<QueryExpression> terms) implements QueryExpression {
        public AllOf {
            terms = List.copyOf(terms);
        }

        @Override
        public QueryExpression expand(UnaryOperator<String> expander) {
            return new AllOf(terms.stream().map(term -> term.expand(expander)).toList());
        }
    }

    record AnyOf(List<QueryExpression> terms) implements QueryExpression {
        public AnyOf {
            terms = List.copyOf(terms);
        }

        @Override
        public QueryExpression expand(UnaryOperator<String> expander) {
            return new AnyOf(terms.stream().map(term -> term.expand(expander)).toList());
        }
    }

    /** The attribute (path) exists, or with {@code negated} does not. */
    record Presence(AttributePath path, boolean negated) implements QueryExpression {
        @Override
        public QueryExpression expand(UnaryOperator<String> expander) {
            return new Presence(path.expand(expander), negated);
        }
    }

    record Comparison(AttributePath path, Operator operator, QueryValue value) implements QueryExpression {
        @Override
        public QueryExpression expand(UnaryOperator<String> expander) {
            return new Comparison(path.expand(expander), operator, value.withVocab(expander));
        }
    }
}
