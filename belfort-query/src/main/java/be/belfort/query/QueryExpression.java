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

    /**
     * A term over the entities a Relationship or ListRelationship leads to (v1.8.1 clause 4.9,
     * {@code rel{attr}==value}): true when one of them matches {@code term}.
     */
    record Linked(String relationship, QueryExpression term) implements QueryExpression {
        @Override
        public QueryExpression expand(UnaryOperator<String> expander) {
            return new Linked(expander.apply(relationship), term.expand(expander));
        }
    }

    /** How many relationships deep the expression's linked terms reach: 0 without any (or for null). */
    static int linkDepth(QueryExpression expression) {
        return switch (expression) {
            case null -> 0;
            case AllOf all -> all.terms().stream().mapToInt(QueryExpression::linkDepth).max().orElse(0);
            case AnyOf any -> any.terms().stream().mapToInt(QueryExpression::linkDepth).max().orElse(0);
            case Linked linked -> 1 + linkDepth(linked.term());
            case Presence presence -> 0;
            case Comparison comparison -> 0;
        };
    }
}
