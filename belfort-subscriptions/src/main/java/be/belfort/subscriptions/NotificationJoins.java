package be.belfort.subscriptions;

import be.belfort.jsonld.EntityRenderer;
import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.Entity;
import be.belfort.model.ReadScope;
import be.belfort.query.Join;
import be.belfort.query.QueryService;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The linked entities a notification carries (v1.8.1, the {@code join} and {@code joinLevel} of a subscription's
 * {@code notification}): read when the notification is sent, as its subscriber may see them then, inside the
 * notified entities (inline) or after them in {@code data} (flat). The subscription's {@code attributes} name the
 * notified entity's own attributes; a linked entity is shown whole.
 */
final class NotificationJoins {
    private final QueryService queries;
    private final EntityRenderer renderer = new EntityRenderer();

    /** @param queries what linked entities are read with; null where notifications do not join (some tests) */
    NotificationJoins(QueryService queries) {
        this.queries = queries;
    }

    /** Shows one notified entity with what its links reach. */
    NotificationData.Shower shower(String tenant, Join join, ReadScope scope) {
        return (entity, context, representation) -> show(tenant, List.of(entity), join, scope, context, representation);
    }

    /** The notified entities, with the linked entities inside them (inline) or after them (flat). */
    List<ObjectNode> show(String tenant, List<Entity> entities, Join join, ReadScope scope, LdContext context,
                          Representation representation) {
        if (join.isNone() || queries == null) {
            return entities.stream().map(entity -> renderer.render(entity, context, representation, false)).toList();
        }
        List<EntityRenderer.Linked> linked = queries.linked(tenant, entities, join, scope, representation,
                        Representation::through).values().stream()
                .map(reached -> new EntityRenderer.Linked(reached.entity(), reached.shape())).toList();
        return renderer.renderJoined(entities, linked, join.mode() == Join.Mode.INLINE, join.levels(), context,
                representation, false);
    }
}
