package be.belfort.temporal;

import be.belfort.jsonld.EntityRenderer;
import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.AttributeType;
import be.belfort.model.Entity;
import be.belfort.model.Instances;
import be.belfort.model.Members;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the temporal representation of an entity (NGSI-LD clause 4.5.7): every attribute as the
 * array of its instances, or with {@code temporalValues} as pairs of value and time.
 */
public final class TemporalRenderer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final EntityRenderer entities = new EntityRenderer();

    public ObjectNode normalized(Entity current, List<RecordedInstance> history, LdContext context, boolean sysAttrs,
                                 boolean withContext) {
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        for (RecordedInstance recorded : history) {
            ObjectNode instance = recorded.instance().deepCopy();
            instance.put(Members.INSTANCE_ID, recorded.instanceUri());
            attributes.computeIfAbsent(recorded.attribute(), k -> new ArrayList<>()).add(instance);
        }
        Entity temporal = new Entity(current.id(), current.types(), current.scopes(), current.createdAt(),
                current.modifiedAt(), attributes);
        ObjectNode out = entities.render(temporal, context,
                new Representation(Representation.Format.NORMALIZED, sysAttrs, null, null), withContext);
        // A temporal attribute is always an array of instances, even with one instance.
        attributes.keySet().forEach(iri -> {
            String name = context.compact(iri);
            if (out.get(name) instanceof ObjectNode single) {
                out.putArray(name).add(single);
            }
        });
        return out;
    }

    public ObjectNode temporalValues(Entity current, List<RecordedInstance> history, LdContext context,
                                     TemporalQuery.TimeProperty timeProperty, boolean withContext) {
        ObjectNode out = entities.render(new Entity(current.id(), current.types(), current.scopes(), null, null,
                Map.of()), context, Representation.NORMALIZED, withContext);
        Map<String, ObjectNode> byAttribute = new LinkedHashMap<>();
        for (RecordedInstance recorded : history) {
            ObjectNode attribute = byAttribute.computeIfAbsent(recorded.attribute(), iri -> {
                ObjectNode created = NODES.objectNode();
                AttributeType type = Instances.type(recorded.instance());
                created.put(Members.TYPE, type.term());
                created.putArray(valuesMember(type));
                return created;
            });
            AttributeType type = Instances.type(recorded.instance());
            ArrayNode pair = ((ArrayNode) attribute.get(valuesMember(type))).addArray();
            pair.add(type == AttributeType.VOCAB_PROPERTY
                    ? compactedVocab(recorded.instance().get(type.valueMember()), context)
                    : recorded.instance().get(type.valueMember()));
            pair.add(recorded.instance().path(timeProperty.parameterName()).asText(
                    recorded.instance().path(Members.MODIFIED_AT).asText()));
        }
        byAttribute.forEach((iri, attribute) -> out.set(context.compact(iri), attribute));
        return out;
    }

    /**
     * The aggregated temporal representation (clause 4.5.19): per attribute its type and, per method, an
     * array of [value, period start, period end].
     */
    public ObjectNode aggregated(Entity current, List<AggregatedPeriod> periods, Aggregation aggregation,
                                 LdContext context, boolean withContext) {
        ObjectNode out = entities.render(new Entity(current.id(), current.types(), current.scopes(), null, null,
                Map.of()), context, Representation.NORMALIZED, withContext);
        Map<String, ObjectNode> byAttribute = new LinkedHashMap<>();
        List<AggregateMethod> methods = List.copyOf(aggregation.methods());
        ArrayNode[] lists = new ArrayNode[methods.size()];
        String listsOf = null;
        // a period starts where the one before ended: each time is written once and shared by every method's triple
        Instant lastEnd = null;
        TextNode lastEndText = null;
        for (AggregatedPeriod period : periods) {
            if (!period.attribute().equals(listsOf)) {
                listsOf = period.attribute();
                ObjectNode attribute = byAttribute.computeIfAbsent(listsOf, iri -> {
                    ObjectNode created = NODES.objectNode();
                    List<ObjectNode> instances = current.attributes().get(iri);
                    created.put(Members.TYPE, instances == null || instances.isEmpty() ? AttributeType.PROPERTY.term()
                            : Instances.type(instances.get(0)).term());
                    methods.forEach(method -> created.putArray(method.term()));
                    return created;
                });
                for (int i = 0; i < lists.length; i++) {
                    lists[i] = (ArrayNode) attribute.get(methods.get(i).term());
                }
            }
            TextNode start = period.start().equals(lastEnd) ? lastEndText
                    : NODES.textNode(period.start().toString());
            TextNode end = NODES.textNode(period.end().toString());
            lastEnd = period.end();
            lastEndText = end;
            for (int i = 0; i < lists.length; i++) {
                AggregateMethod method = methods.get(i);
                ArrayNode triple = new ArrayNode(NODES, 3);
                lists[i].add(triple);
                Double value = period.values().get(method);
                if (value == null) {
                    triple.addNull();
                } else if (method.counts()) {
                    triple.add(value.longValue());
                } else {
                    triple.add(value);
                }
                triple.add(start);
                triple.add(end);
            }
        }
        byAttribute.forEach((iri, attribute) -> out.set(context.compact(iri), attribute));
        return out;
    }

    /** A vocab is kept expanded; clients read it in their own terms, as in every other representation. */
    private static com.fasterxml.jackson.databind.JsonNode compactedVocab(com.fasterxml.jackson.databind.JsonNode vocab,
                                                                           LdContext context) {
        if (vocab == null || vocab.isTextual()) {
            return vocab == null ? null : NODES.textNode(context.compact(vocab.asText()));
        }
        ArrayNode compacted = NODES.arrayNode();
        vocab.forEach(iri -> compacted.add(context.compact(iri.asText())));
        return compacted;
    }

    /** The member that holds the pairs: "values", "objects", "languageMaps", ... (clause 4.5.7). */
    private static String valuesMember(AttributeType type) {
        return switch (type) {
            case RELATIONSHIP -> "objects";
            case LANGUAGE_PROPERTY -> "languageMaps";
            case VOCAB_PROPERTY -> "vocabs";
            case JSON_PROPERTY -> "jsons";
            case LIST_PROPERTY -> "valueLists";
            case LIST_RELATIONSHIP -> "objectLists";
            default -> "values";
        };
    }
}
