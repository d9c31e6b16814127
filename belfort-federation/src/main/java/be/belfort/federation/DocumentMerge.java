package be.belfort.federation;

import be.belfort.model.ReadScope;
import be.belfort.query.DistributedReads.DocumentKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Merges the JSON documents of discovery and temporal reads from several sources, in the client's terms: lists of
 * names are joined; objects with the same {@code id} are merged member by member; counts ({@code entityCount},
 * {@code attributeCount}) add up; differing entity types are joined; the instances of a temporal attribute (and
 * its {@code values}) are joined, an instance given by two sources kept once; any other member differing keeps
 * the value seen first (the local one).
 */
final class DocumentMerge {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DocumentMerge() {
    }

    /** Merges {@code other} into {@code into} (either may be null); returns the merged document. */
    static JsonNode merge(JsonNode into, JsonNode other) {
        if (into == null || into.isNull()) {
            return other == null ? null : other.deepCopy();
        }
        if (other == null || other.isNull()) {
            return into;
        }
        if (into.isArray() && other.isArray()) {
            return mergeArrays((ArrayNode) into, (ArrayNode) other);
        }
        if (into.isObject() && other.isObject()) {
            return mergeObjects((ObjectNode) into, (ObjectNode) other);
        }
        return into;
    }

    private static ObjectNode mergeObjects(ObjectNode into, ObjectNode other) {
        for (Map.Entry<String, JsonNode> member : other.properties()) {
            String name = member.getKey();
            JsonNode mine = into.get(name);
            JsonNode theirs = member.getValue();
            if (mine == null) {
                into.set(name, theirs.deepCopy());
            } else if (name.endsWith("Count") && mine.isIntegralNumber() && theirs.isIntegralNumber()) {
                into.put(name, mine.asLong() + theirs.asLong());
            } else if (name.equals("type") && !mine.equals(theirs)) {
                into.set(name, union(asArray(mine), asArray(theirs)));
            } else if (mine.isArray() || theirs.isArray()) {
                into.set(name, mergeArrays(asArray(mine), asArray(theirs)));
            } else if (mine.isObject() && theirs.isObject() && !name.equals("@context") && !name.equals("value")) {
                into.set(name, mergeObjects((ObjectNode) mine, (ObjectNode) theirs));
            }
        }
        return into;
    }

    /** Objects with an id merge by id; anything else is joined, each value once. */
    private static ArrayNode mergeArrays(ArrayNode into, ArrayNode other) {
        if (hasIds(into) && hasIds(other)) {
            for (JsonNode element : other) {
                ObjectNode same = null;
                for (JsonNode mine : into) {
                    if (mine.get("id").equals(element.get("id"))) {
                        same = (ObjectNode) mine;
                        break;
                    }
                }
                if (same == null) {
                    into.add(element.deepCopy());
                } else {
                    mergeObjects(same, (ObjectNode) element);
                }
            }
            return into;
        }
        return union(into, other);
    }

    private static boolean hasIds(ArrayNode array) {
        for (JsonNode element : array) {
            if (!element.isObject() || !element.path("id").isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static ArrayNode union(ArrayNode into, ArrayNode other) {
        Set<JsonNode> seen = new HashSet<>();
        into.forEach(seen::add);
        for (JsonNode element : other) {
            if (seen.add(element)) {
                into.add(element.deepCopy());
            }
        }
        return into;
    }

    private static ArrayNode asArray(JsonNode node) {
        if (node.isArray()) {
            return (ArrayNode) node;
        }
        ArrayNode array = NODES.arrayNode();
        array.add(node);
        return array;
    }

    /** The entities of a merged temporal query in id order, as its paging needs them. */
    static List<JsonNode> inIdOrder(JsonNode entities) {
        List<JsonNode> all = new ArrayList<>();
        if (entities != null) {
            entities.forEach(all::add);
        }
        all.sort(Comparator.comparing(entity -> entity.path("id").asText()));
        return all;
    }

    /**
     * Leaves out of a sources' document what the reader may not see, as the local answer does: entity types not
     * readable, and attributes hidden from the reader (by type where the document says the type, else wherever
     * they are hidden).
     */
    static JsonNode readable(DocumentKind kind, JsonNode document, ReadScope scope, UnaryOperator<String> expand) {
        if (document == null || scope.seesEverything()) {
            return document;
        }
        Set<String> hiddenAnywhere = new HashSet<>();
        scope.hidden().values().forEach(hiddenAnywhere::addAll);
        switch (kind) {
            case ENTITY_TYPES -> filterNames(document.path("typeList"), name -> scope.allowsType(expand.apply(name)));
            case ATTRIBUTES -> filterNames(document.path("attributeList"),
                    name -> !hiddenAnywhere.contains(expand.apply(name)));
            case ENTITY_TYPE_DETAILS -> {
                removeIf(document, type -> !scope.allowsType(type.path("id").asText()));
                for (JsonNode type : document) {
                    String iri = type.path("id").asText();
                    filterNames(type.path("attributeNames"), name -> !scope.hides(iri, expand.apply(name)));
                }
            }
            case ENTITY_TYPE -> {
                String iri = document.path("id").asText();
                if (!scope.allowsType(iri)) {
                    return null;
                }
                removeIf(document.path("attributeDetails"), attribute -> scope.hides(iri, attribute.path("id").asText()));
            }
            case ATTRIBUTE_DETAILS -> removeIf(document, attribute -> hiddenAnywhere.contains(attribute.path("id").asText()));
            case ATTRIBUTE -> {
                if (hiddenAnywhere.contains(document.path("id").asText())) {
                    return null;
                }
            }
            case TEMPORAL_ENTITY -> {
                return readableEntity(document, scope, expand) ? trimmed((ObjectNode) document, scope, expand) : null;
            }
            case TEMPORAL_ENTITIES -> {
                removeIf(document, entity -> !readableEntity(entity, scope, expand));
                document.forEach(entity -> trimmed((ObjectNode) entity, scope, expand));
            }
        }
        return document;
    }

    private static boolean readableEntity(JsonNode entity, ReadScope scope, UnaryOperator<String> expand) {
        for (JsonNode type : asArray(entity.path("type"))) {
            if (!scope.allowsType(expand.apply(type.asText()))) {
                return false;
            }
        }
        return entity.isObject();
    }

    /** The members of an entity that are not attributes: never hidden, and no name to expand. */
    private static final Set<String> ENTITY_MEMBERS = Set.of("id", "type", "scope", "createdAt", "modifiedAt",
            "deletedAt", "@context");

    private static ObjectNode trimmed(ObjectNode entity, ReadScope scope, UnaryOperator<String> expand) {
        List<String> types = new ArrayList<>();
        asArray(entity.path("type")).forEach(type -> types.add(expand.apply(type.asText())));
        List<String> hidden = new ArrayList<>();
        entity.fieldNames().forEachRemaining(name -> {
            if (ENTITY_MEMBERS.contains(name)) {
                return;
            }
            String iri = expand.apply(name);
            if (types.stream().anyMatch(type -> scope.hides(type, iri))) {
                hidden.add(name);
            }
        });
        entity.remove(hidden);
        return entity;
    }

    private static void filterNames(JsonNode names, java.util.function.Predicate<String> keep) {
        removeIf(names, name -> !keep.test(name.asText()));
    }

    private static void removeIf(JsonNode array, java.util.function.Predicate<JsonNode> drop) {
        if (array instanceof ArrayNode elements) {
            for (int i = elements.size() - 1; i >= 0; i--) {
                if (drop.test(elements.get(i))) {
                    elements.remove(i);
                }
            }
        }
    }
}
