package be.belfort.subscriptions;

import be.belfort.jsonld.EntityRenderer;
import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.AttributeType;
import be.belfort.model.Entity;
import be.belfort.model.EntityChange;
import be.belfort.model.History;
import be.belfort.model.Instances;
import be.belfort.model.Members;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders the entity a notification carries (clause 5.3.1, data), in the subscription's format,
 * attributes and @context: the entity as the change leaves it; deleted attributes as the NGSI-LD Null
 * with {@code deletedAt}; a deleted entity as its id, type and {@code deletedAt}; with showChanges,
 * updated and deleted attributes carry their previous value, and a deleted entity its attributes as the
 * NGSI-LD Null with their previous values.
 */
final class NotificationData {
    private final EntityRenderer renderer = new EntityRenderer();

    /** Renders the entity a notification shows: alone, or with the entities its links reach (join). */
    @FunctionalInterface
    interface Shower {
        List<ObjectNode> show(Entity entity, LdContext context, Representation representation);
    }

    /** The entity alone, as a notification without join shows it. */
    Shower alone() {
        return (entity, context, representation) -> List.of(renderer.render(entity, context, representation, false));
    }

    /**
     * @param at    when the change was made: a deleted entity's deletedAt
     * @param shower how the entity the change leaves is shown (a deleted entity links to nothing any more)
     */
    List<ObjectNode> render(Subscription subscription, EntityChange change, Trigger trigger, LdContext context,
                            Instant at, Shower shower) {
        Subscription.Notification notification = subscription.notification();
        if (change.after() == null) {
            Entity deleted = change.before();
            Entity bare = new Entity(deleted.id(), deleted.types(), deleted.scopes(), null, null, Map.of());
            if (notification.showChanges()) {
                // What the entity held goes with its deletion: each attribute as the NGSI-LD Null and its previous value.
                for (History.Written deletion : History.deletionOf(deleted, at.truncatedTo(ChronoUnit.MILLIS))) {
                    bare.attributes().computeIfAbsent(deletion.attribute(), name -> new ArrayList<>())
                            .add(withPrevious(tombstone(deletion), deleted, deletion.attribute()));
                }
            }
            ObjectNode out = renderer.render(bare, context, notification.representation(), false);
            out.put(Members.DELETED_AT, at.truncatedTo(ChronoUnit.MILLIS).toString());
            return List.of(out);
        }
        Entity shown = change.after();
        boolean addDeletions = trigger == Trigger.ATTRIBUTE_DELETED && !shown.deletions().isEmpty();
        if (addDeletions || notification.showChanges()) {
            shown = shown.copy();
            if (notification.showChanges()) {
                addPreviousValues(shown, change.before());
            }
            if (addDeletions) {
                for (History.Written deletion : change.after().deletions()) {
                    ObjectNode tombstone = tombstone(deletion);
                    if (notification.showChanges()) {
                        withPrevious(tombstone, change.before(), deletion.attribute());
                    }
                    shown.attributes().computeIfAbsent(deletion.attribute(), name -> new ArrayList<>()).add(tombstone);
                }
            }
        }
        return shower.show(shown, context, notification.representation());
    }

    private static ObjectNode tombstone(History.Written deletion) {
        ObjectNode tombstone = deletion.instance().deepCopy();
        tombstone.remove(Members.MODIFIED_AT);
        return tombstone;
    }

    /** A deleted instance with the value it had (previousValue, previousObject, ...) beside its NGSI-LD Null. */
    private static ObjectNode withPrevious(ObjectNode tombstone, Entity before, String attribute) {
        ObjectNode old = ChangeMatcher.previous(before, attribute, tombstone);
        String member = Instances.type(tombstone).valueMember();
        if (old != null && old.has(member)) {
            tombstone.set(previousMember(member), old.get(member));
        }
        return tombstone;
    }

    private static String previousMember(String valueMember) {
        return "previous" + Character.toUpperCase(valueMember.charAt(0)) + valueMember.substring(1);
    }

    /** previousValue (previousObject, previousLanguageMap, ...) on each written instance whose value changed. */
    private static void addPreviousValues(Entity shown, Entity before) {
        if (before == null) {
            return;
        }
        String modifiedAt = shown.modifiedAt() == null ? null : shown.modifiedAt().toString();
        for (Map.Entry<String, List<ObjectNode>> attribute : shown.attributes().entrySet()) {
            for (ObjectNode instance : attribute.getValue()) {
                if (modifiedAt == null || !modifiedAt.equals(instance.path(Members.MODIFIED_AT).asText())) {
                    continue;
                }
                ObjectNode old = ChangeMatcher.previous(before, attribute.getKey(), instance);
                if (old == null) {
                    continue;
                }
                AttributeType type = Instances.type(instance);
                String member = type.valueMember();
                if (old.has(member) && !old.get(member).equals(instance.get(member))) {
                    instance.set(previousMember(member), old.get(member));
                }
            }
        }
    }
}
