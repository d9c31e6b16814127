package be.belfort.storage.entities;

import be.belfort.model.Members;
import be.belfort.query.AttributePath;
import be.belfort.query.Operator;
import be.belfort.query.QueryExpression;
import be.belfort.query.QueryParser;
import be.belfort.query.QueryValue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Translates a q expression into one SQL/JSON path predicate over the {@code attrs} column, so that
 * PostgreSQL filters, counts and pages in one statement. Every value travels in the variables object
 * (a bind parameter), never in the path text; names and regular expressions are quoted as path strings.
 *
 * <p>Semantics (clause 4.9): a term holds when any instance of the attribute holds it; the compared
 * value is the value of a Property, the object of a Relationship, the vocab of a VocabProperty, the json
 * of a JsonProperty or any string of a LanguageProperty; on an array value any element may match.
 */
final class JsonPathCondition {
    private static final List<String> VALUE_MEMBERS = List.of(Members.VALUE, Members.OBJECT, Members.VOCAB,
            Members.JSON, Members.LANGUAGE_MAP, Members.VALUE_LIST, Members.OBJECT_LIST);

    private final StringBuilder path = new StringBuilder();
    private final ObjectNode variables = JsonNodeFactory.instance.objectNode();

    private JsonPathCondition() {
    }

    /** The path predicate and its variables. */
    record Translation(String path, String variables) {
    }

    static Translation of(QueryExpression expression) {
        JsonPathCondition condition = new JsonPathCondition();
        condition.write(expression);
        return new Translation(condition.path.toString(), condition.variables.toString());
    }

    private void write(QueryExpression expression) {
        switch (expression) {
            case QueryExpression.AllOf all -> join(all.terms(), " && ");
            case QueryExpression.AnyOf any -> join(any.terms(), " || ");
            case QueryExpression.Presence presence -> {
                path.append(presence.negated() ? "!exists(" : "exists(");
                path.append(instances(presence.path()));
                if (!presence.path().jsonKeys().isEmpty()) {
                    path.append(" ? (").append(anyTarget(presence.path(), (target, vocab) -> "exists(" + target + ")"))
                            .append(')');
                }
                path.append(')');
            }
            case QueryExpression.Comparison comparison -> comparison(comparison);
            case QueryExpression.Linked linked -> throw new IllegalStateException(
                    "terms over linked entities are translated by QuerySql, one EXISTS per relationship");
        }
    }

    private void join(List<QueryExpression> terms, String operator) {
        path.append('(');
        for (int i = 0; i < terms.size(); i++) {
            if (i > 0) {
                path.append(operator);
            }
            write(terms.get(i));
        }
        path.append(')');
    }

    private void comparison(QueryExpression.Comparison comparison) {
        AttributePath attribute = comparison.path();
        Operator operator = comparison.operator();
        String condition = switch (operator) {
            case EQUAL -> anyTarget(attribute, (target, vocab) -> equality(target, comparison.value(), vocab));
            case UNEQUAL -> "!(" + anyTarget(attribute, (target, vocab) -> equality(target, comparison.value(), vocab))
                    + ")";
            case MATCHES -> anyTarget(attribute, (target, vocab) -> target + " like_regex "
                    + quote(pattern(comparison)));
            case NOT_MATCHES -> "!(" + anyTarget(attribute, (target, vocab) -> target + " like_regex "
                    + quote(pattern(comparison))) + ")";
            default -> anyTarget(attribute, (target, vocab) -> compare(target, operator.symbol(),
                    (QueryValue.Literal) comparison.value(), vocab));
        };
        path.append("exists(").append(instances(attribute)).append(" ? (").append(condition).append("))");
    }

    private static String pattern(QueryExpression.Comparison comparison) {
        return ((QueryValue.Pattern) comparison.value()).regex();
    }

    private String equality(String target, QueryValue value, boolean vocab) {
        return switch (value) {
            case QueryValue.Literal literal -> compare(target, "==", literal, vocab);
            case QueryValue.Range range -> "(" + compare(target, ">=", range.low(), vocab) + " && "
                    + compare(target, "<=", range.high(), vocab) + ")";
            case QueryValue.ValueList list -> list.values().stream()
                    .map(literal -> compare(target, "==", literal, vocab))
                    .collect(Collectors.joining(" || ", "(", ")"));
            case QueryValue.Pattern pattern -> throw new IllegalStateException("pattern with ==");
        };
    }

    /**
     * One comparison of the target with a literal; dates and times compare as such, also typed @value
     * ones; a vocab target compares with the literal expanded as a vocabulary term.
     */
    private String compare(String target, String operator, QueryValue.Literal literal, boolean vocab) {
        if (vocab && literal.vocab() != null) {
            literal = new QueryValue.Literal(literal.kind(), literal.vocab());
        }
        String variable = variable(literal);
        String asTimes = "(" + target + ".datetime() " + operator + " " + variable + ".datetime() || " + target
                + ".\"@value\".datetime() " + operator + " " + variable + ".datetime())";
        if (literal.isTemporal()) {
            return asTimes;
        }
        if (literal.kind() == QueryValue.Kind.STRING && QueryParser.looksTemporal(literal.text())) {
            return "(" + target + " " + operator + " " + variable + " || " + asTimes + ")";
        }
        return target + " " + operator + " " + variable;
    }

    private String variable(QueryValue.Literal literal) {
        String name = "v" + variables.size();
        switch (literal.kind()) {
            case NUMBER -> variables.put(name, literal.number());
            case BOOLEAN -> variables.put(name, Boolean.parseBoolean(literal.text()));
            default -> variables.put(name, literal.text());
        }
        return "$" + name;
    }

    /** The instances the path leads to: of the attribute, then of each sub-attribute. */
    private static String instances(AttributePath attribute) {
        StringBuilder instances = new StringBuilder("$.").append(quote(attribute.attribute())).append("[*]");
        List<String> subAttributes = attribute.subAttributes();
        int last = attribute.endsInCoreMember() ? subAttributes.size() - 1 : subAttributes.size();
        for (int i = 0; i < last; i++) {
            instances.append('.').append(quote(subAttributes.get(i))).append("[*]");
        }
        if (attribute.endsInCoreMember() && attribute.jsonKeys().isEmpty()) {
            instances.append(" ? (exists(@.").append(quote(subAttributes.get(last))).append("))");
        }
        return instances.toString();
    }

    /** The condition on any of the values an instance can carry (or on the core member the path ends in). */
    private static String anyTarget(AttributePath attribute, Condition condition) {
        String keys = attribute.jsonKeys().stream().map(key -> "." + quote(key)).collect(Collectors.joining());
        if (attribute.endsInCoreMember()) {
            String member = attribute.subAttributes().get(attribute.subAttributes().size() - 1);
            return condition.on("@." + quote(member) + keys, false);
        }
        return VALUE_MEMBERS.stream().map(member -> member.equals(Members.LANGUAGE_MAP)
                        ? condition.on("@." + member + languageKeys(attribute.jsonKeys()), false)
                        : condition.on("@." + member + keys, member.equals(Members.VOCAB)))
                .collect(Collectors.joining(" || ", "(", ")"));
    }

    /** Into a language map: {@code name[nl]} the Dutch text, {@code name[*]} and a plain {@code name} any language's. */
    private static String languageKeys(List<String> jsonKeys) {
        if (jsonKeys.isEmpty()) {
            return ".*";
        }
        String language = jsonKeys.get(0).equals("*") ? ".*" : "." + quote(jsonKeys.get(0));
        return language + jsonKeys.subList(1, jsonKeys.size()).stream().map(key -> "." + quote(key))
                .collect(Collectors.joining());
    }

    /** A condition on one target value; {@code vocab} when the target holds vocabulary IRIs. */
    private interface Condition {
        String on(String target, boolean vocab);
    }

    /** A string literal of the SQL/JSON path language. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
