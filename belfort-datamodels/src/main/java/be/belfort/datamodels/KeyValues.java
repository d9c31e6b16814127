package be.belfort.datamodels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/**
 * The keyValues (simplified) form of an NGSI-LD entity, which is what the Smart Data Models schemas describe: every
 * attribute becomes its value alone. GeoJSON values stay objects; a typed literal such as
 * {@code {"@type": "DateTime", "@value": "2026-12-02T05:00:00Z"}} becomes its text; of a multi-attribute the default
 * instance (without datasetId) counts, else the first.
 */
public final class KeyValues {
    /** Terms of the Smart Data Models' own @contexts expand under this; its IRIs are read by their last segment. */
    static final String SMART_DATA_MODELS_VOCABULARY = "https://smartdatamodels.org/";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Members the platform adds to an entity, which the models do not describe. */
    private static final Set<String> SYSTEM_MEMBERS = Set.of("@context", "createdAt", "modifiedAt", "deletedAt",
            "expiresAt", "scope");
    /** The member that holds an attribute's value, per NGSI-LD attribute type. */
    private static final Map<String, String> VALUE_MEMBER = Map.of("Property", "value", "GeoProperty", "value",
            "Relationship", "object", "LanguageProperty", "languageMap", "VocabProperty", "vocab",
            "JsonProperty", "json", "ListProperty", "valueList", "ListRelationship", "objectList");

    private KeyValues() {
    }

    /** The keyValues form of an entity in normalized (or concise) form; an entity already in keyValues form stays. */
    public static ObjectNode of(ObjectNode entity) {
        ObjectNode simple = NODES.objectNode();
        for (Map.Entry<String, JsonNode> member : entity.properties()) {
            String name = member.getKey();
            if (SYSTEM_MEMBERS.contains(name)) {
                continue;
            }
            if (name.equals("id")) {
                simple.set(name, member.getValue());
            } else if (name.equals("type")) {
                simple.set(name, typeNames(member.getValue()));
            } else {
                simple.set(localName(name), value(defaultInstance(member.getValue())));
            }
        }
        return simple;
    }

    /** A name under a Smart Data Models @context is known by the last segment of its IRI. */
    static String localName(String name) {
        return name.startsWith(SMART_DATA_MODELS_VOCABULARY) ? name.substring(name.lastIndexOf('/') + 1) : name;
    }

    private static JsonNode typeNames(JsonNode type) {
        if (type.isTextual()) {
            return NODES.textNode(localName(type.asText()));
        }
        if (type.isArray()) {
            var names = NODES.arrayNode();
            type.forEach(one -> names.add(one.isTextual() ? NODES.textNode(localName(one.asText())) : one));
            return names;
        }
        return type;
    }

    private static JsonNode defaultInstance(JsonNode attribute) {
        if (!attribute.isArray() || attribute.isEmpty() || !attribute.get(0).isObject() || !isAttribute(attribute.get(0))) {
            return attribute;
        }
        for (JsonNode instance : attribute) {
            if (!instance.has("datasetId")) {
                return instance;
            }
        }
        return attribute.get(0);
    }

    private static boolean isAttribute(JsonNode node) {
        if (VALUE_MEMBER.containsKey(node.path("type").asText())) {
            return true;
        }
        return VALUE_MEMBER.values().stream().anyMatch(node::has);
    }

    private static JsonNode value(JsonNode attribute) {
        if (!attribute.isObject()) {
            return attribute;
        }
        String member = VALUE_MEMBER.get(attribute.path("type").asText());
        if (member != null && attribute.has(member)) {
            return literal(attribute.get(member));
        }
        // Concise form: the type is left out where the member says it.
        for (String candidate : VALUE_MEMBER.values()) {
            if (attribute.has(candidate)) {
                return literal(attribute.get(candidate));
            }
        }
        return attribute;
    }

    /** A JSON-LD value object ({@code @type} DateTime, Date, Time) is its text in keyValues form. */
    private static JsonNode literal(JsonNode value) {
        return value.isObject() && value.has("@value") ? value.get("@value") : value;
    }
}
