package be.belfort.subscriptions;

import be.belfort.model.Entity;
import be.belfort.model.EntityChange;
import be.belfort.model.History;
import be.belfort.model.Members;
import be.belfort.query.EntityMatcher;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;

/**
 * Decides whether a committed change concerns a subscription, and why (clause 5.8.6 with the
 * notificationTrigger of 5.2.12): the entity as the change leaves it must be selected by the
 * subscription and match its q, geoQ and scopeQ; the change must touch a watched attribute.
 */
final class ChangeMatcher {
    private ChangeMatcher() {
    }

    /** The trigger this change fires for the subscription, or null when it fires none. */
    static Trigger trigger(Subscription subscription, EntityChange change) {
        Entity current = change.current();
        // Cheapest first: ids and types, then what the change touched; the patterns of q and scopeQ and the
        // geometry last, and only for a change that would notify.
        if (!EntityMatcher.selected(current, subscription.entities())) {
            return null;
        }
        Trigger fired = fired(subscription, change);
        return fired != null && matchesQueries(subscription, current) ? fired : null;
    }

    private static Trigger fired(Subscription subscription, EntityChange change) {
        Entity current = change.current();
        var triggers = subscription.triggers();
        if (change.before() == null) {
            if (triggers.contains(Trigger.ENTITY_CREATED)) {
                return Trigger.ENTITY_CREATED;
            }
            boolean watchedCreated = current.attributes().keySet().stream().anyMatch(name -> watched(subscription, name));
            return watchedCreated && triggers.contains(Trigger.ATTRIBUTE_CREATED) ? Trigger.ATTRIBUTE_CREATED : null;
        }
        if (change.after() == null) {
            return triggers.contains(Trigger.ENTITY_DELETED) ? Trigger.ENTITY_DELETED : null;
        }
        boolean deleted = change.after().deletions().stream().anyMatch(written -> watched(subscription, written.attribute()));
        boolean created = false;
        boolean updated = false;
        for (History.Written written : History.writtenBy(change.after())) {
            if (!watched(subscription, written.attribute()) || written.instance().has(Members.DELETED_AT)) {
                continue;
            }
            if (previous(change.before(), written.attribute(), written.instance()) == null) {
                created = true;
            } else {
                updated = true;
            }
        }
        if (deleted && triggers.contains(Trigger.ATTRIBUTE_DELETED)) {
            return Trigger.ATTRIBUTE_DELETED;
        }
        if (created && triggers.contains(Trigger.ATTRIBUTE_CREATED)) {
            return Trigger.ATTRIBUTE_CREATED;
        }
        if (updated && triggers.contains(Trigger.ATTRIBUTE_UPDATED)) {
            return Trigger.ATTRIBUTE_UPDATED;
        }
        return (deleted || created || updated) && triggers.contains(Trigger.ENTITY_UPDATED) ? Trigger.ENTITY_UPDATED : null;
    }

    static boolean matches(Subscription subscription, Entity entity) {
        return EntityMatcher.selected(entity, subscription.entities()) && matchesQueries(subscription, entity);
    }

    private static boolean matchesQueries(Subscription subscription, Entity entity) {
        return (subscription.q() == null || EntityMatcher.matches(entity, subscription.q()))
                && (subscription.scopeQ() == null || EntityMatcher.inScope(entity, subscription.scopeQ()))
                && (subscription.geoQ() == null || EntityMatcher.located(entity, subscription.geoQ()));
    }

    private static boolean watched(Subscription subscription, String attribute) {
        return subscription.watchedAttributes().isEmpty() || subscription.watchedAttributes().contains(attribute);
    }

    /** The instance with the same datasetId that the entity had before the change, or null. */
    static ObjectNode previous(Entity before, String attribute, ObjectNode instance) {
        List<ObjectNode> instances = before == null ? null : before.attributes().get(attribute);
        if (instances == null) {
            return null;
        }
        String datasetId = instance.path(Members.DATASET_ID).asText(null);
        return instances.stream().filter(old -> Objects.equals(old.path(Members.DATASET_ID).asText(null), datasetId))
                .findFirst().orElse(null);
    }
}
