package be.belfort.query;

import be.belfort.model.Entity;
import be.belfort.model.Members;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decides in memory whether one entity matches the parts of a query: entity selectors, {@code q},
 * {@code scopeQ} and a geo-query. Subscriptions need this for every change they watch; a database
 * round trip per change would cost more than the change itself.
 *
 * <p>The rules are those the store applies in SQL (clause 4.9): a term holds when any instance holds it;
 * the compared value is the value, object, vocab, json, any string of a languageMap, or any element of a
 * list; values of different JSON types never compare; dates and times compare as instants.
 */
public final class EntityMatcher {
    private static final List<String> VALUE_MEMBERS = List.of(Members.VALUE, Members.OBJECT, Members.VOCAB,
            Members.JSON, Members.LANGUAGE_MAP, Members.VALUE_LIST, Members.OBJECT_LIST);

    private EntityMatcher() {
    }

    /** True when the entity is named by any of the selectors (or there are none). */
    public static boolean selected(Entity entity, List<EntitySelector> selectors) {
        return selectors.isEmpty() || selectors.stream().anyMatch(selector -> selected(entity, selector));
    }

    private static boolean selected(Entity entity, EntitySelector selector) {
        // The cheap tests first: a pattern is matched only against an entity of the selected type.
        return (selector.ids().isEmpty() || selector.ids().contains(entity.id()))
                && (selector.type() == null || hasTypes(entity, selector.type()))
                && (selector.idPattern() == null || ClientPattern.find(selector.idPattern(), entity.id()));
    }

    private static boolean hasTypes(Entity entity, TypeExpression type) {
        return switch (type) {
            case TypeExpression.Name name -> entity.hasType(name.type());
            case TypeExpression.AllOf all -> all.terms().stream().allMatch(term -> hasTypes(entity, term));
            case TypeExpression.AnyOf any -> any.terms().stream().anyMatch(term -> hasTypes(entity, term));
        };
    }

    public static boolean inScope(Entity entity, ScopeQuery scope) {
        return switch (scope) {
            case ScopeQuery.Matches matches -> entity.scopes() != null
                    && entity.scopes().stream().anyMatch(s -> ClientPattern.find(matches.regex(), s));
            case ScopeQuery.AllOf all -> all.terms().stream().allMatch(term -> inScope(entity, term));
            case ScopeQuery.AnyOf any -> any.terms().stream().anyMatch(term -> inScope(entity, term));
        };
    }

    /** True when any instance of the query's GeoProperty has the query's relation to its geometry. */
    public static boolean located(Entity entity, GeoQuery geo) {
        List<ObjectNode> instances = entity.attributes().get(geo.geoproperty());
        return instances != null && instances.stream()
                .anyMatch(instance -> instance.has(Members.VALUE) && geo.matches(instance.get(Members.VALUE)));
    }

    /** True when the entity satisfies the (expanded) q expression. */
    public static boolean matches(Entity entity, QueryExpression expression) {
        return switch (expression) {
            case QueryExpression.AllOf all -> all.terms().stream().allMatch(term -> matches(entity, term));
            case QueryExpression.AnyOf any -> any.terms().stream().anyMatch(term -> matches(entity, term));
            case QueryExpression.Presence presence -> presence.negated() != present(entity, presence.path());
            case QueryExpression.Comparison comparison -> compared(entity, comparison);
            // only Query Entities parses terms over linked entities, and it matches them in the database
            case QueryExpression.Linked linked -> throw new IllegalStateException("q over linked entities in memory");
        };
    }

    private static boolean present(Entity entity, AttributePath path) {
        List<JsonNode> instances = instances(entity, path);
        if (path.jsonKeys().isEmpty()) {
            return !instances.isEmpty();
        }
        return instances.stream().anyMatch(instance -> !targets(instance, path).isEmpty());
    }

    private static boolean compared(Entity entity, QueryExpression.Comparison comparison) {
        Predicate<Target> test = switch (comparison.operator()) {
            case EQUAL, UNEQUAL -> target -> equal(target, comparison.value());
            case MATCHES, NOT_MATCHES -> target -> target.value().isTextual()
                    && ClientPattern.find(((QueryValue.Pattern) comparison.value()).regex(), target.value().asText());
            default -> target -> ordered(target, comparison.operator(), (QueryValue.Literal) comparison.value());
        };
        boolean negated = comparison.operator() == Operator.UNEQUAL || comparison.operator() == Operator.NOT_MATCHES;
        return instances(entity, comparison.path()).stream()
                .anyMatch(instance -> negated != targets(instance, comparison.path()).stream().anyMatch(test));
    }

    private static boolean equal(Target target, QueryValue value) {
        return switch (value) {
            case QueryValue.Literal literal -> compare(target, literal, 0, true);
            case QueryValue.Range range -> compare(target, range.low(), 1, true) && compare(target, range.high(), -1, true);
            case QueryValue.ValueList list -> list.values().stream().anyMatch(literal -> compare(target, literal, 0, true));
            case QueryValue.Pattern pattern -> false;
        };
    }

    private static boolean ordered(Target target, Operator operator, QueryValue.Literal literal) {
        return switch (operator) {
            case GREATER -> compare(target, literal, 1, false);
            case GREATER_OR_EQUAL -> compare(target, literal, 1, true);
            case LESS -> compare(target, literal, -1, false);
            case LESS_OR_EQUAL -> compare(target, literal, -1, true);
            default -> false;
        };
    }

    /**
     * True when the target compares to the literal with the wanted sign ({@code 1} greater, {@code -1}
     * less, {@code 0} only equal), or equal when {@code orEqual}.
     */
    private static boolean compare(Target target, QueryValue.Literal literal, int sign, boolean orEqual) {
        if (target.vocab() && literal.vocab() != null) {
            literal = new QueryValue.Literal(literal.kind(), literal.vocab());
        }
        Integer order = literal.isTemporal() ? compareTimes(target.value(), literal.text()) : compareJson(target.value(), literal);
        if (order == null && literal.kind() == QueryValue.Kind.STRING && QueryParser.looksTemporal(literal.text())) {
            order = compareTimes(target.value(), literal.text());
        }
        if (order == null) {
            return false;
        }
        return (orEqual && order == 0) || (sign != 0 && Integer.signum(order) == sign);
    }

    private static Integer compareJson(JsonNode value, QueryValue.Literal literal) {
        return switch (literal.kind()) {
            case NUMBER -> value.isNumber() ? value.decimalValue().compareTo(literal.number()) : null;
            // Booleans are equal or not; they have no order.
            case BOOLEAN -> value.isBoolean() && value.asBoolean() == Boolean.parseBoolean(literal.text()) ? 0 : null;
            default -> value.isTextual() ? value.asText().compareTo(literal.text()) : null;
        };
    }

    /** Dates and times compare as such; a target that is not one of them (or a typed @value) does not compare. */
    private static Integer compareTimes(JsonNode value, String literal) {
        JsonNode text = value.isObject() ? value.get("@value") : value;
        if (text == null || !text.isTextual()) {
            return null;
        }
        Comparable<Object> left = time(text.asText());
        Comparable<Object> right = time(literal);
        if (left == null || right == null || left.getClass() != right.getClass()) {
            return null;
        }
        return left.compareTo(right);
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> time(String text) {
        try {
            if (text.contains("T")) {
                return (Comparable<Object>) (Comparable<?>) parseDateTime(text);
            }
            if (text.contains("-")) {
                return (Comparable<Object>) (Comparable<?>) LocalDate.parse(text);
            }
            if (text.endsWith("Z") || text.contains("+")) {
                return (Comparable<Object>) (Comparable<?>) OffsetTime.parse(text).withOffsetSameInstant(java.time.ZoneOffset.UTC)
                        .toLocalTime();
            }
            return (Comparable<Object>) (Comparable<?>) LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant parseDateTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
        }
    }

    /**
     * The first value an attribute path leads to in the entity (the value an ordering sorts by), a typed literal as
     * its {@code @value}; null when there is none.
     */
    public static JsonNode firstValue(Entity entity, AttributePath path) {
        for (JsonNode instance : instances(entity, path)) {
            for (Target target : targets(instance, path)) {
                JsonNode value = target.value();
                if (value.isObject() && value.has("@value")) {
                    value = value.get("@value");
                }
                if (!value.isNull()) {
                    return value;
                }
            }
        }
        return null;
    }

    /** The instances the path leads to: of the attribute, then of each sub-attribute. */
    private static List<JsonNode> instances(Entity entity, AttributePath path) {
        List<ObjectNode> top = entity.attributes().get(path.attribute());
        List<JsonNode> current = top == null ? List.of() : new ArrayList<>(top);
        List<String> subAttributes = path.subAttributes();
        int last = path.endsInCoreMember() ? subAttributes.size() - 1 : subAttributes.size();
        for (int i = 0; i < last; i++) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode instance : current) {
                addUnwrapped(instance.get(subAttributes.get(i)), next);
            }
            current = next;
        }
        if (path.endsInCoreMember() && path.jsonKeys().isEmpty()) {
            String member = subAttributes.get(last);
            current = current.stream().filter(instance -> instance.has(member)).toList();
        }
        return current;
    }

    /** A value that a comparison looks at; {@code vocab} when it holds vocabulary IRIs. */
    private record Target(JsonNode value, boolean vocab) {
    }

    private static List<Target> targets(JsonNode instance, AttributePath path) {
        List<Target> targets = new ArrayList<>();
        if (path.endsInCoreMember()) {
            String member = path.subAttributes().get(path.subAttributes().size() - 1);
            follow(instance.get(member), path.jsonKeys(), false, targets);
            return targets;
        }
        for (String member : VALUE_MEMBERS) {
            JsonNode value = instance.get(member);
            if (member.equals(Members.LANGUAGE_MAP) && value != null && value.isObject()) {
                languageTexts(value, path.jsonKeys(), targets);
            } else {
                follow(value, path.jsonKeys(), member.equals(Members.VOCAB), targets);
            }
        }
        return targets;
    }

    /**
     * The texts of a language map that a path selects: {@code name[nl]} the Dutch one, {@code name[*]} and a plain
     * {@code name} any language's.
     */
    private static void languageTexts(JsonNode languageMap, List<String> keys, List<Target> targets) {
        if (keys.isEmpty() || keys.get(0).equals("*")) {
            List<String> rest = keys.isEmpty() ? keys : keys.subList(1, keys.size());
            languageMap.forEach(text -> follow(text, rest, false, targets));
        } else {
            follow(languageMap.get(keys.get(0)), keys.subList(1, keys.size()), false, targets);
        }
    }

    /** Walks the keys into a value; arrays are looked into at each step, as SQL/JSON lax mode does. */
    private static void follow(JsonNode value, List<String> keys, boolean vocab, List<Target> targets) {
        List<JsonNode> current = new ArrayList<>();
        addUnwrapped(value, current);
        for (String key : keys) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                addUnwrapped(node.isObject() ? node.get(key) : null, next);
            }
            current = next;
        }
        current.forEach(node -> targets.add(new Target(node, vocab)));
    }

    private static void addUnwrapped(JsonNode node, List<JsonNode> into) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(into::add);
        } else {
            into.add(node);
        }
    }
}
