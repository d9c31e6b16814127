package be.belfort.jsonld;

import be.belfort.model.Entity;
import be.belfort.model.Members;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The GeoJSON representation of entities (clause 4.5.16): each entity a Feature whose geometry is the
 * value of the chosen GeoProperty (null when the entity has none) and whose properties are the entity
 * as the representation shows it; a query answer is a FeatureCollection.
 */
public final class GeoJsonRenderer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final EntityRenderer entities = new EntityRenderer();

    /** A FeatureCollection with the @context as a member, since GeoJSON has no other place for it. */
    public ObjectNode collection(List<Entity> page, String geometryProperty, LdContext context,
                                 Representation representation) {
        ObjectNode collection = NODES.objectNode().put(Members.TYPE, "FeatureCollection");
        ArrayNode features = collection.putArray("features");
        page.forEach(entity -> features.add(feature(entity, geometryProperty, context, representation)));
        collection.set(Members.CONTEXT, context.reference());
        return collection;
    }

    /**
     * One Feature.
     *
     * @param geometryProperty the GeoProperty's expanded IRI
     */
    public ObjectNode feature(Entity entity, String geometryProperty, LdContext context, Representation representation) {
        ObjectNode feature = NODES.objectNode().put(Members.ID, entity.id()).put(Members.TYPE, "Feature");
        feature.set("geometry", geometry(entity, geometryProperty));
        ObjectNode properties = entities.render(entity, context, representation, false);
        properties.remove(Members.ID);
        feature.set("properties", properties);
        return feature;
    }

    private static JsonNode geometry(Entity entity, String geometryProperty) {
        List<ObjectNode> instances = entity.attributes().get(geometryProperty);
        if (instances != null) {
            for (ObjectNode instance : instances) {
                JsonNode value = instance.get(Members.VALUE);
                if ("GeoProperty".equals(instance.path(Members.TYPE).asText()) && value != null) {
                    return value;
                }
            }
        }
        return NODES.nullNode();
    }
}
