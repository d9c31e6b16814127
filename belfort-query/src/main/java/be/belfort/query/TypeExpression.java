package be.belfort.query;

import be.belfort.model.Names;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An entity type selection (clause 4.17): type names joined by {@code ,} or {@code |} (or) and
 * {@code ;} (and), grouped with parentheses. {@code ;} binds tighter.
 */
public sealed interface TypeExpression {

    TypeExpression expand(UnaryOperator<String> expander);

    /** Every type name the expression mentions. */
    List<String> names();

    record Name(String type) implements TypeExpression {
        @Override
        public TypeExpression expand(UnaryOperator<String> expander) {
            return new Name(expander.apply(type));
        }

        @Override
        public List<String> names() {
            return List.of(type);
        }
    }

    record AllOf(List<TypeExpression> terms) implements TypeExpression {
        @Override
        public TypeExpression expand(UnaryOperator<String> expander) {
            return new AllOf(terms.stream().map(term -> term.expand(expander)).toList());
        }

        @Override
        public List<String> names() {
            return terms.stream().flatMap(term -> term.names().stream()).toList();
        }
    }

    record AnyOf(List<TypeExpression> terms) implements TypeExpression {
        @Override
        public TypeExpression expand(UnaryOperator<String> expander) {
            return new AnyOf(terms.stream().map(term -> term.expand(expander)).toList());
        }

        @Override
        public List<String> names() {
            return terms.stream().flatMap(term -> term.names().stream()).toList();
        }
    }

    /** Parses the {@code type} parameter. */
    static TypeExpression parse(String text) {
        return new TypeParser(new Scanner("type", text)).parseAll();
    }

    final class TypeParser {
        private final Scanner in;

        private TypeParser(Scanner in) {
            this.in = in;
        }

        private TypeExpression parseAll() {
            TypeExpression expression = anyOf();
            if (!in.atEnd()) {
                throw in.error("expected ',' or '|' (or), ';' (and) or the end");
            }
            return expression;
        }

        private TypeExpression anyOf() {
            List<TypeExpression> terms = new ArrayList<>(List.of(allOf()));
            while (in.accept(",") || in.accept("|")) {
                terms.add(allOf());
            }
            return terms.size() == 1 ? terms.get(0) : new AnyOf(terms);
        }

        private TypeExpression allOf() {
            List<TypeExpression> terms = new ArrayList<>(List.of(primary()));
            while (in.accept(";")) {
                terms.add(primary());
            }
            return terms.size() == 1 ? terms.get(0) : new AllOf(terms);
        }

        private TypeExpression primary() {
            in.term();
            if (in.accept("(")) {
                in.enter();
                TypeExpression inner = anyOf();
                in.expect(")", "')' to close the '('");
                in.leave();
                return inner;
            }
            int start = in.position();
            while (!in.atEnd() && "(),|;".indexOf(in.peek()) < 0) {
                in.next();
            }
            String name = in.slice(start).trim();
            if (name.isEmpty()) {
                throw in.errorAt(start, "expected an entity type name");
            }
            Names.requireName("Entity type", name);
            return new Name(name);
        }
    }
}
