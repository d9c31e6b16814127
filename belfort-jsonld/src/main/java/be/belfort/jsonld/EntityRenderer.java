package be.belfort.jsonld;

import be.belfort.model.AttributeType;
import be.belfort.model.Entity;
import be.belfort.model.Instances;
import be.belfort.model.Members;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Writes domain entities as NGSI-LD JSON(-LD) in the normalized, concise or simplified (keyValues)
 * representation, with every IRI compacted against the client's @context.
 */
public final class EntityRenderer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public ObjectNode render(Entity entity, LdContext context, Representation representation, boolean withContext) {
        return render(entity, context, representation, withContext, Inlining.NONE);
    }

    /** A linked entity with how it is shown (its nested projection). */
    public record Linked(Entity entity, Representation representation) {
    }

    /**
     * An answer with the entities its links reach (join, v1.8.1 clause 4.5.23): {@code inline}, each inside the
     * relationship that leads to it, {@code levels} deep; otherwise (flat) after the answer's own entities.
     */
    public List<ObjectNode> renderJoined(List<Entity> answer, List<Linked> linked, boolean inline, int levels,
                                         LdContext context, Representation representation, boolean withContext) {
        List<ObjectNode> out = new java.util.ArrayList<>();
        if (inline) {
            Map<String, Entity> reached = new java.util.LinkedHashMap<>();
            linked.forEach(other -> reached.put(other.entity().id(), other.entity()));
            Inlining inlining = Inlining.of(answer, reached, levels);
            answer.forEach(entity -> out.add(render(entity, context, representation, withContext, inlining)));
            return out;
        }
        answer.forEach(entity -> out.add(render(entity, context, representation, withContext)));
        linked.forEach(other -> out.add(render(other.entity(), context, other.representation(), withContext)));
        return out;
    }

    /** As {@link #render(Entity, LdContext, Representation, boolean)}, with linked entities shown inline. */
    public ObjectNode render(Entity entity, LdContext context, Representation representation, boolean withContext,
                             Inlining inlining) {
        ObjectNode out = NODES.objectNode();
        if (withContext) {
            out.set(Members.CONTEXT, context.reference());
        }
        if (representation.shows(Members.ID)) {
            out.put(Members.ID, entity.id());
        }
        if (representation.shows(Members.TYPE)) {
            out.set(Members.TYPE, compactedList(entity.types(), context));
        }
        if (entity.scopes() != null && representation.shows(Members.SCOPE)) {
            // Compacted JSON-LD: one value stands alone (the core context declares no @set for scope).
            List<String> scopes = entity.scopes();
            out.set(Members.SCOPE, scopes.size() == 1 ? NODES.textNode(scopes.get(0)) : strings(scopes));
        }
        if (entity.expiresAt() != null && representation.shows(Members.EXPIRES_AT)) {
            putInstant(out, Members.EXPIRES_AT, entity.expiresAt());
        }
        boolean keyValues = representation.format() == Representation.Format.KEY_VALUES;
        if (representation.sysAttrs() && !keyValues) {
            putInstant(out, Members.CREATED_AT, entity.createdAt());
            putInstant(out, Members.MODIFIED_AT, entity.modifiedAt());
        }
        for (Map.Entry<String, List<ObjectNode>> attribute : entity.attributes().entrySet()) {
            if (!representation.includes(attribute.getKey())) {
                continue;
            }
            List<ObjectNode> shown = representation.datasetIds() == null ? attribute.getValue()
                    : attribute.getValue().stream().filter(representation::includesInstance).toList();
            if (!shown.isEmpty()) {
                out.set(context.compact(attribute.getKey()), attribute(shown, context, representation,
                        inlining.at(representation, attribute.getKey())));
            }
        }
        return out;
    }

    private JsonNode attribute(List<ObjectNode> instances, LdContext context, Representation representation,
                               Inlining inlining) {
        if (instances.size() == 1) {
            return instance(instances.get(0), context, representation, inlining);
        }
        ArrayNode all = NODES.arrayNode();
        instances.forEach(instance -> all.add(instance(instance, context, representation, inlining)));
        return all;
    }

    private JsonNode instance(ObjectNode stored, LdContext context, Representation representation, Inlining inlining) {
        AttributeType type = Instances.type(stored);
        return switch (representation.format()) {
            case KEY_VALUES -> simplified(stored, type, context, representation, inlining);
            case NORMALIZED -> normalized(stored, type, context, representation, inlining);
            case CONCISE -> concise(stored, type, context, representation, inlining);
        };
    }

    private JsonNode normalized(ObjectNode stored, AttributeType type, LdContext context, Representation representation,
                                Inlining inlining) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> member : stored.properties()) {
            String key = member.getKey();
            JsonNode value = member.getValue();
            if (Members.isSubAttribute(key)) {
                out.set(context.compact(key), value instanceof ObjectNode sub
                        ? instance(sub, context, representation, Inlining.NONE) : value);
            } else if (key.equals(Members.CREATED_AT) || key.equals(Members.MODIFIED_AT)) {
                if (representation.sysAttrs()) {
                    out.set(key, value);
                }
            } else if (key.equals(Members.VOCAB) || key.equals(Members.OBJECT_TYPE)) {
                out.set(key, compactedList(value, context));
            } else {
                out.set(key, value);
            }
        }
        if (type == AttributeType.LANGUAGE_PROPERTY && representation.lang() != null) {
            return languageChosen(out, representation.lang());
        }
        if (!inlining.isNone()) {
            inline(stored, type, out, context, representation, inlining);
        }
        return out;
    }

    /** join=inline: the linked entity in an {@code entity} member, or the linked entities in {@code entityList}. */
    private void inline(ObjectNode stored, AttributeType type, ObjectNode out, LdContext context,
                        Representation representation, Inlining inlining) {
        ArrayNode entities = NODES.arrayNode();
        for (String id : Instances.objects(stored)) {
            Entity linked = inlining.find(id);
            if (linked != null) {
                entities.add(render(linked, context, inlining.linkedAs(), false, inlining.deeper()));
            }
        }
        if (type == AttributeType.RELATIONSHIP && !entities.isEmpty()) {
            out.set(Members.ENTITY, entities.get(0));
        } else if (type == AttributeType.LIST_RELATIONSHIP && !entities.isEmpty()) {
            out.set(Members.ENTITY_LIST, entities);
        }
    }

    /** Concise: the type is left out wherever the value member tells it; a bare value stands alone. */
    private JsonNode concise(ObjectNode stored, AttributeType type, LdContext context, Representation representation,
                             Inlining inlining) {
        ObjectNode out = (ObjectNode) normalized(stored, type, context, representation, inlining);
        out.remove(Members.TYPE);
        if (type == AttributeType.LANGUAGE_PROPERTY && out.has(Members.VALUE)) {
            out.put(Members.TYPE, "Property");
            return out;
        }
        boolean onlyValue = out.size() == 1 && out.has(Members.VALUE);
        if (onlyValue && (type == AttributeType.GEO_PROPERTY
                || type == AttributeType.PROPERTY && ConciseShapes.standsAlone(out.get(Members.VALUE)))) {
            return out.get(Members.VALUE);
        }
        return out;
    }

    private JsonNode simplified(ObjectNode stored, AttributeType type, LdContext context, Representation representation,
                                Inlining inlining) {
        JsonNode value = stored.get(type.valueMember());
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (type) {
            // join=inline: the linked entity (simplified too) takes the place of its id
            case RELATIONSHIP -> inlining.find(value.asText()) instanceof Entity linked
                    ? render(linked, context, inlining.linkedAs(), false, inlining.deeper()) : value;
            case LIST_RELATIONSHIP -> {
                if (inlining.isNone()) {
                    yield value;
                }
                ArrayNode shown = NODES.arrayNode();
                for (String id : Instances.objects(stored)) {
                    Entity linked = inlining.find(id);
                    shown.add(linked == null ? NODES.textNode(id)
                            : render(linked, context, inlining.linkedAs(), false, inlining.deeper()));
                }
                yield shown;
            }
            case VOCAB_PROPERTY -> compactedList(value, context);
            case LANGUAGE_PROPERTY -> {
                if (representation.lang() == null) {
                    ObjectNode map = NODES.objectNode();
                    map.set(Members.LANGUAGE_MAP, value);
                    yield map;
                }
                yield pickLanguage(value, representation.lang()).path("text");
            }
            default -> value;
        };
    }

    private static JsonNode languageChosen(ObjectNode out, String lang) {
        JsonNode map = out.remove(Members.LANGUAGE_MAP);
        ObjectNode chosen = pickLanguage(map, lang);
        ObjectNode property = NODES.objectNode();
        property.put(Members.TYPE, "Property");
        property.set(Members.VALUE, chosen.get("text"));
        property.set("lang", chosen.get("lang"));
        out.remove(Members.TYPE);
        property.setAll(out);
        return property;
    }

    /**
     * Picks the text for a language preference (a tag or a list with q-values): the first tag that
     * the map has, then the first whose primary language it has ({@code nl-BE} finds {@code nl}), then
     * {@code @none}, then the alphabetically first tag, so the answer never depends on storage order.
     */
    private static ObjectNode pickLanguage(JsonNode map, String lang) {
        ObjectNode chosen = NODES.objectNode();
        String tag = null;
        for (String candidate : lang.split(",")) {
            String wanted = candidate.split(";")[0].trim();
            String primary = wanted.split("-")[0];
            if (map.has(wanted)) {
                tag = wanted;
            } else if (map.has(primary)) {
                tag = primary;
            }
            if (tag != null) {
                break;
            }
        }
        if (tag == null && map.has("@none")) {
            tag = "@none";
        }
        if (tag == null) {
            java.util.TreeSet<String> tags = new java.util.TreeSet<>();
            map.fieldNames().forEachRemaining(tags::add);
            tag = tags.isEmpty() ? null : tags.first();
        }
        chosen.set("text", tag == null ? NODES.nullNode() : map.get(tag));
        chosen.put("lang", tag);
        return chosen;
    }

    private static JsonNode compactedList(Iterable<String> iris, LdContext context) {
        ArrayNode array = NODES.arrayNode();
        iris.forEach(iri -> array.add(context.compact(iri)));
        return array.size() == 1 ? array.get(0) : array;
    }

    private static JsonNode compactedList(JsonNode iris, LdContext context) {
        if (iris.isTextual()) {
            return NODES.textNode(context.compact(iris.asText()));
        }
        ArrayNode array = NODES.arrayNode();
        iris.forEach(iri -> array.add(context.compact(iri.asText())));
        return array;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static void putInstant(ObjectNode out, String name, java.time.Instant instant) {
        if (instant != null) {
            out.put(name, instant.toString());
        }
    }
}
