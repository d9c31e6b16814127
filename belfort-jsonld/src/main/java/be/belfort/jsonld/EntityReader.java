package be.belfort.jsonld;

import be.belfort.model.AttributeType;
import be.belfort.model.Entity;
import be.belfort.model.GeoJson;
import be.belfort.model.Members;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ScopePatch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads NGSI-LD entity and attribute payloads (normalized or concise) into the expanded domain
 * form, checking every member on the way. Anything malformed is a BadRequestData naming the member.
 */
public final class EntityReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> GEO_NAMES = Set.of("location", "observationSpace", "operationSpace");
    private static final String NGSI_LD = "https://uri.etsi.org/ngsi-ld/";

    /** Whether an operation lets the NGSI-LD Null remove members (merge and partial update do). */
    public enum Nulls { REJECT, ALLOW }

    /**
     * Members of NGSI-LD's core that name parts of an attribute or an entity, never an attribute: an attribute with
     * one of these names could not be told apart from the member.
     */
    private static final Set<String> RESERVED_NAMES = Set.of("id", "type", "value", "object", "languageMap", "vocab",
            "json", "valueList", "objectList", "observedAt", "createdAt", "modifiedAt", "deletedAt", "datasetId",
            "instanceId", "unitCode", "objectType", "scope", "expiresAt", "previousValue", "previousObject",
            "previousLanguageMap", "previousVocab", "previousJson", "previousValueList", "previousObjectList");
    /** What a notification shows of an attribute's previous state; a client cannot write it. */
    private static final Set<String> PREVIOUS_MEMBERS = Set.of("previousValue", "previousObject", "previousLanguageMap",
            "previousVocab", "previousJson", "previousValueList", "previousObjectList");
    /** A BCP 47 language tag as a language map's key (loosely: letters and digits in hyphenated parts). */
    private static final java.util.regex.Pattern LANGUAGE_TAG = java.util.regex.Pattern.compile(
            "[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");
    /** The default instance of an attribute, as a datasetId may name it. */
    private static final String NONE = "@none";

    /** A complete entity, as for create, replace and batch create/upsert. */
    public Entity readEntity(JsonNode body, LdContext context, String pathId) {
        ObjectNode object = requireObject(body, "The entity");
        String id = entityId(object, pathId, true);
        List<String> types = entityTypes(object, context, true);
        Entity entity = new Entity(id, types, scopes(object, Nulls.REJECT), null, null,
                attributes(object, context, Nulls.REJECT));
        entity.setExpiresAt(expiresAt(object));
        return entity;
    }

    /** An entity fragment for merge: id and type optional, NGSI-LD Null allowed. */
    public Entity readPatch(JsonNode body, LdContext context, String pathId) {
        ObjectNode object = requireObject(body, "The entity fragment");
        String id = entityId(object, pathId, pathId == null);
        Entity patch = new Entity(id, entityTypes(object, context, false), scopes(object, Nulls.ALLOW), null, null,
                attributes(object, context, Nulls.ALLOW));
        patch.setExpiresAt(expiresAt(object));
        return patch;
    }

    /**
     * When a transient entity expires (v1.8.1): a date-time in UTC ({@code …Z}), or null when the payload
     * has no {@code expiresAt}.
     */
    private static java.time.Instant expiresAt(ObjectNode object) {
        JsonNode expiresAt = object.get(Members.EXPIRES_AT);
        if (expiresAt == null) {
            return null;
        }
        if (!expiresAt.isTextual() || !expiresAt.asText().endsWith("Z")) {
            throw NgsiLdException.badData("expiresAt must be a date-time in UTC such as 2030-01-01T00:00:00Z");
        }
        try {
            return java.time.Instant.parse(expiresAt.asText()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        } catch (java.time.format.DateTimeParseException e) {
            throw NgsiLdException.badData("expiresAt is not a date-time: " + expiresAt.asText());
        }
    }

    /**
     * What an entity fragment says of the scope (append, update, merge): null when it has no {@code scope},
     * {@link ScopePatch#DELETE} for the NGSI-LD Null where {@code nulls} allows it.
     */
    /** The entity types a fragment names, expanded; empty when it names none. */
    public List<String> readTypes(JsonNode body, LdContext context) {
        List<String> types = entityTypes(requireObject(body, "The entity fragment"), context, false);
        return types == null ? List.of() : types;
    }

    public ScopePatch readScopePatch(JsonNode body, Nulls nulls) {
        JsonNode scope = body instanceof ObjectNode object ? object.get(Members.SCOPE) : null;
        if (scope == null) {
            return null;
        }
        if (isNgsiLdNull(scope)) {
            if (nulls == Nulls.REJECT) {
                throw NgsiLdException.badData("The NGSI-LD Null cannot be the 'scope' of this operation");
            }
            return ScopePatch.DELETE;
        }
        return new ScopePatch(scopes(scope));
    }

    /** The attributes of an entity fragment, as for append and update of attributes. */
    public Map<String, List<ObjectNode>> readAttributes(JsonNode body, LdContext context, String pathId, Nulls nulls) {
        ObjectNode object = requireObject(body, "The entity fragment");
        entityId(object, pathId, false);
        return attributes(object, context, nulls);
    }

    /** The instances of one attribute, as for the attribute replace operation. */
    public List<ObjectNode> readAttribute(String name, JsonNode body, LdContext context, Nulls nulls) {
        return instances(name, withoutContext(requireObject(body, "The attribute")), context, nulls);
    }

    /** One attribute instance whose members are to be merged (partial attribute update). */
    public ObjectNode readAttributePatch(String name, JsonNode body, LdContext context) {
        ObjectNode object = withoutContext(requireObject(body, "The attribute fragment"));
        boolean typed = object.has(Members.TYPE);
        ObjectNode input = object;
        if (!typed && !ConciseShapes.hasValueMember(object)) {
            // Only sub-attributes or metadata change: read it as a typed instance, then drop the
            // placeholder type so that the existing type stays.
            input = object.deepCopy();
            input.put(Members.TYPE, AttributeType.PROPERTY.term());
        }
        ObjectNode patch = instance(name, input, context, Nulls.ALLOW, false);
        if (!typed) {
            patch.remove(Members.TYPE);
        }
        return patch;
    }

    /** Expands an attribute name as given in a URL path or parameter. */
    public String attributeName(String name, LdContext context) {
        return context.expand(Names.requireName("Attribute name", name));
    }

    /**
     * An attribute body of type application/ld+json carries its @context as a member (which the caller has
     * read already); it is not a sub-attribute.
     */
    private static ObjectNode withoutContext(ObjectNode object) {
        if (!object.has(Members.CONTEXT)) {
            return object;
        }
        ObjectNode copy = object.deepCopy();
        copy.remove(Members.CONTEXT);
        return copy;
    }

    private static ObjectNode requireObject(JsonNode body, String what) {
        if (body instanceof ObjectNode object) {
            return object;
        }
        throw NgsiLdException.badData(what + " must be a JSON object");
    }

    private static String entityId(ObjectNode object, String pathId, boolean required) {
        JsonNode id = object.get(Members.ID);
        if (id == null) {
            id = object.get("@id");
        }
        if (id == null) {
            if (pathId != null) {
                return pathId;
            }
            if (required) {
                throw NgsiLdException.badData("The entity has no 'id'");
            }
            return null;
        }
        if (!id.isTextual()) {
            throw NgsiLdException.badData("The entity 'id' must be a string");
        }
        String value = Names.requireUri("The entity id", id.asText());
        if (pathId != null && !pathId.equals(value)) {
            throw NgsiLdException.badData("The entity id in the body (" + value + ") differs from the one in the URL ("
                    + pathId + ")");
        }
        return value;
    }

    private static List<String> entityTypes(ObjectNode object, LdContext context, boolean required) {
        JsonNode type = object.get(Members.TYPE);
        if (type == null) {
            type = object.get("@type");
        }
        if (type == null) {
            if (required) {
                throw NgsiLdException.badData("The entity has no 'type'");
            }
            return List.of();
        }
        List<String> types = new ArrayList<>();
        for (String name : strings(type, "The entity 'type'")) {
            String iri = context.expand(Names.requireName("Entity type", name));
            if (!types.contains(iri)) {
                types.add(iri);
            }
        }
        if (types.isEmpty()) {
            throw NgsiLdException.badData("The entity 'type' must not be empty");
        }
        return types;
    }

    private static List<String> scopes(ObjectNode object, Nulls nulls) {
        JsonNode scope = object.get(Members.SCOPE);
        if (scope == null) {
            return null;
        }
        if (nulls == Nulls.ALLOW && isNgsiLdNull(scope)) {
            // The NGSI-LD Null deletes the scope: readScopePatch says so, and the fragment has none.
            return null;
        }
        return scopes(scope);
    }

    private static List<String> scopes(JsonNode scope) {
        List<String> scopes = strings(scope, "'scope'");
        scopes.forEach(Names::requireScope);
        return scopes;
    }

    private static List<String> strings(JsonNode node, String what) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    throw NgsiLdException.badData(what + " must be a string or an array of strings");
                }
                values.add(element.asText());
            }
        } else {
            throw NgsiLdException.badData(what + " must be a string or an array of strings");
        }
        return values;
    }

    private Map<String, List<ObjectNode>> attributes(ObjectNode object, LdContext context, Nulls nulls) {
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String name = member.getKey();
            if (Members.ENTITY_MEMBERS.contains(name) || name.equals("@id") || name.equals("@type")) {
                continue;
            }
            String iri = context.expand(Names.requireName("Attribute name", name));
            requireNotReserved(name, iri);
            List<ObjectNode> instances = instances(name, member.getValue(), context, nulls);
            if (isGeoName(iri)) {
                for (ObjectNode instance : instances) {
                    if (!"GeoProperty".equals(instance.path(Members.TYPE).asText()) && !isNull(instance)) {
                        throw NgsiLdException.badData("The attribute '" + name + "' must be a GeoProperty");
                    }
                }
            }
            attributes.merge(iri, instances, (a, b) -> {
                List<ObjectNode> all = new ArrayList<>(a);
                all.addAll(b);
                return all;
            });
        }
        return attributes;
    }

    private static void requireNotReserved(String name, String iri) {
        if (iri.startsWith(NGSI_LD) && RESERVED_NAMES.contains(iri.substring(NGSI_LD.length()))) {
            throw NgsiLdException.badData("'" + name + "' is a member of NGSI-LD's core and cannot name an attribute");
        }
    }

    private static boolean isGeoName(String iri) {
        return iri.startsWith(NGSI_LD) && GEO_NAMES.contains(iri.substring(NGSI_LD.length()));
    }

    private List<ObjectNode> instances(String name, JsonNode value, LdContext context, Nulls nulls) {
        List<ObjectNode> instances = new ArrayList<>();
        if (ConciseShapes.looksLikeInstances(value)) {
            Set<String> datasetIds = new HashSet<>();
            for (JsonNode element : value) {
                ObjectNode instance = instance(name, element, context, nulls, true);
                String datasetId = instance.path(Members.DATASET_ID).asText(null);
                if (!datasetIds.add(Objects.requireNonNullElse(datasetId, ""))) {
                    throw NgsiLdException.badData("The attribute '" + name + "' has two instances with "
                            + (datasetId == null ? "no datasetId" : "datasetId " + datasetId));
                }
                instances.add(instance);
            }
        } else {
            instances.add(instance(name, value, context, nulls, true));
        }
        return instances;
    }

    /** Reads one attribute instance, normalized or concise, and checks its members. */
    private ObjectNode instance(String name, JsonNode value, LdContext context, Nulls nulls, boolean needsValue) {
        if (value == null || value.isNull()) {
            throw NgsiLdException.badData("The attribute '" + name + "' has no value (null is not allowed)");
        }
        ObjectNode instance = normalizedForm(name, value);
        AttributeType type = AttributeType.ofTerm(instance.path(Members.TYPE).asText()).orElseThrow(() ->
                NgsiLdException.badData("The attribute '" + name + "' has an unknown type '"
                        + instance.path(Members.TYPE).asText() + "'"));
        ObjectNode result = NODES.objectNode();
        result.put(Members.TYPE, type.term());
        JsonNode main = instance.get(type.valueMember());
        if (main == null || main.isNull()) {
            if (needsValue) {
                throw NgsiLdException.badData("The " + type.term() + " '" + name + "' has no '" + type.valueMember() + "'");
            }
        } else if (isNgsiLdNull(main)) {
            if (nulls == Nulls.REJECT) {
                throw NgsiLdException.badData("The NGSI-LD Null is only allowed in merge and partial update operations"
                        + " (attribute '" + name + "')");
            }
            result.set(type.valueMember(), main);
        } else {
            result.set(type.valueMember(), checkedValue(name, type, main, context));
        }
        for (Map.Entry<String, JsonNode> member : instance.properties()) {
            String key = member.getKey();
            JsonNode memberValue = member.getValue();
            switch (key) {
                case Members.TYPE, Members.CREATED_AT, Members.MODIFIED_AT, Members.DELETED_AT, Members.INSTANCE_ID -> { }
                case Members.OBSERVED_AT -> result.put(key, Names.requireUtcDateTime("'observedAt' of '" + name + "'",
                        text(name, key, memberValue)));
                case Members.EXPIRES_AT -> result.put(key, attributeExpiresAt(name, memberValue));
                case Members.UNIT_CODE -> {
                    if (type != AttributeType.PROPERTY && type != AttributeType.LIST_PROPERTY) {
                        throw NgsiLdException.badData("The " + type.term() + " '" + name + "' cannot have a unitCode;"
                                + " only a Property or a ListProperty has one");
                    }
                    result.put(key, text(name, key, memberValue));
                }
                case Members.DATASET_ID -> {
                    String datasetId = text(name, key, memberValue);
                    // "@none" names the default instance, which is the one without a datasetId
                    if (!datasetId.equals(NONE)) {
                        result.put(key, Names.requireUri("The datasetId of '" + name + "'", datasetId));
                    }
                }
                case Members.OBJECT_TYPE -> result.set(key, objectTypes(name, memberValue, context));
                default -> {
                    if (key.equals(type.valueMember())) {
                        continue;
                    }
                    if (PREVIOUS_MEMBERS.contains(key)) {
                        throw NgsiLdException.badData("'" + key + "' of '" + name + "' is shown in notifications only;"
                                + " a client cannot write it");
                    }
                    if (isValueMemberOfAnotherType(key)) {
                        throw NgsiLdException.badData("The " + type.term() + " '" + name + "' cannot have a '" + key
                                + "' member");
                    }
                    String subIri = context.expand(Names.requireName("Sub-attribute name", key));
                    ObjectNode sub = instance(key, memberValue, context, nulls, true);
                    if (sub.has(Members.EXPIRES_AT)) {
                        throw NgsiLdException.badData("'expiresAt' of the sub-attribute '" + key + "' of '" + name
                                + "' is not supported; an attribute instance itself may expire");
                    }
                    result.set(subIri, sub);
                }
            }
        }
        return result;
    }

    /** When a transient attribute instance expires (v1.9): a date-time in UTC, kept as an instant to the millisecond. */
    private static String attributeExpiresAt(String name, JsonNode value) {
        String what = "'expiresAt' of '" + name + "'";
        String text = Names.requireUtcDateTime(what, text(name, Members.EXPIRES_AT, value));
        return be.belfort.model.Times.parse(what, text).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    private static boolean isValueMemberOfAnotherType(String key) {
        for (AttributeType type : AttributeType.values()) {
            if (type.valueMember().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Turns concise input into the normalized shape (NGSI-LD clause 4.5.8): infers the type. */
    private static ObjectNode normalizedForm(String name, JsonNode value) {
        if (value instanceof ObjectNode object) {
            if (object.has(Members.TYPE) && AttributeType.ofTerm(object.get(Members.TYPE).asText()).isPresent()) {
                return object;
            }
            if (object.has(Members.TYPE) && !GeoJson.looksLikeGeometry(object) && ConciseShapes.hasValueMember(object)) {
                return object;
            }
            for (AttributeType type : AttributeType.values()) {
                if (object.has(type.valueMember())) {
                    ObjectNode typed = object.deepCopy();
                    AttributeType inferred = type == AttributeType.PROPERTY
                            && GeoJson.looksLikeGeometry(object.get(Members.VALUE)) ? AttributeType.GEO_PROPERTY : type;
                    typed.put(Members.TYPE, inferred.term());
                    return typed;
                }
            }
            ObjectNode wrapped = NODES.objectNode();
            wrapped.put(Members.TYPE, GeoJson.looksLikeGeometry(object) ? "GeoProperty" : "Property");
            wrapped.set(Members.VALUE, object);
            return wrapped;
        }
        ObjectNode wrapped = NODES.objectNode();
        wrapped.put(Members.TYPE, "Property");
        wrapped.set(Members.VALUE, value);
        return wrapped;
    }

    private static JsonNode checkedValue(String name, AttributeType type, JsonNode value, LdContext context) {
        switch (type) {
            case PROPERTY -> {
                return value;
            }
            case GEO_PROPERTY -> {
                JsonNode geometry = value.isTextual() ? GeoJson.parse(name, value.asText()) : value;
                GeoJson.validate(name, geometry);
                return geometry;
            }
            case RELATIONSHIP -> {
                if (value.isArray()) {
                    value.forEach(object -> Names.requireUri("The object of Relationship '" + name + "'",
                            object.asText(null)));
                } else {
                    Names.requireUri("The object of Relationship '" + name + "'", value.asText(null));
                }
                return value;
            }
            case LANGUAGE_PROPERTY -> {
                if (!value.isObject() || value.isEmpty()) {
                    throw NgsiLdException.badData("The languageMap of '" + name + "' must be an object of language"
                            + " tags to strings");
                }
                value.properties().forEach(entry -> {
                    if (!entry.getKey().equals(NONE) && !LANGUAGE_TAG.matcher(entry.getKey()).matches()) {
                        throw NgsiLdException.badData("The languageMap of '" + name + "' has '" + entry.getKey()
                                + "' where a language tag such as nl or en-GB belongs");
                    }
                    JsonNode text = entry.getValue();
                    boolean ok = text.isTextual() || text.isArray() && allText(text);
                    if (!ok) {
                        throw NgsiLdException.badData("The languageMap of '" + name + "' maps '" + entry.getKey()
                                + "' to something other than a string");
                    }
                });
                return value;
            }
            case VOCAB_PROPERTY -> {
                if (value.isTextual()) {
                    return NODES.textNode(context.expand(value.asText()));
                }
                if (value.isArray() && allText(value) && !value.isEmpty()) {
                    ArrayNode expanded = NODES.arrayNode();
                    value.forEach(term -> expanded.add(context.expand(term.asText())));
                    return expanded;
                }
                throw NgsiLdException.badData("The vocab of '" + name + "' must be a string or an array of strings");
            }
            case JSON_PROPERTY -> {
                return value;
            }
            case LIST_PROPERTY -> {
                if (!value.isArray()) {
                    throw NgsiLdException.badData("The valueList of '" + name + "' must be an array");
                }
                return value;
            }
            case LIST_RELATIONSHIP -> {
                if (!value.isArray()) {
                    throw NgsiLdException.badData("The objectList of '" + name + "' must be an array");
                }
                for (JsonNode element : value) {
                    String object = element.isObject() ? element.path(Members.OBJECT).asText(null) : element.asText(null);
                    Names.requireUri("An object in the objectList of '" + name + "'", object);
                }
                return value;
            }
            default -> throw new IllegalStateException("Unhandled attribute type " + type);
        }
    }

    private static JsonNode objectTypes(String name, JsonNode value, LdContext context) {
        if (value.isTextual()) {
            return NODES.textNode(context.expand(value.asText()));
        }
        if (value.isArray() && allText(value)) {
            ArrayNode expanded = NODES.arrayNode();
            value.forEach(type -> expanded.add(context.expand(type.asText())));
            return expanded;
        }
        throw NgsiLdException.badData("The objectType of '" + name + "' must be a string or an array of strings");
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String text(String attribute, String member, JsonNode value) {
        if (!value.isTextual()) {
            throw NgsiLdException.badData("'" + member + "' of '" + attribute + "' must be a string");
        }
        return value.asText();
    }

    private static boolean isNgsiLdNull(JsonNode value) {
        return value.isTextual() && Members.NGSI_LD_NULL.equals(value.asText())
                || value.isObject() && value.size() == 1 && Members.NGSI_LD_NULL.equals(value.path("@none").asText());
    }

    private static boolean isNull(ObjectNode instance) {
        for (AttributeType type : AttributeType.values()) {
            JsonNode value = instance.get(type.valueMember());
            if (value != null && isNgsiLdNull(value)) {
                return true;
            }
        }
        return false;
    }
}
