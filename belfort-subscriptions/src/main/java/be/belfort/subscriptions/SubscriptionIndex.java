package be.belfort.subscriptions;

import be.belfort.model.Entity;
import be.belfort.query.EntitySelector;
import be.belfort.query.TypeExpression;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's subscriptions by what their entity selectors require: an entity id, or a type every selected entity
 * has. A change is matched only against the subscriptions that may select its entity (those indexed under its id
 * or one of its types, and those that require neither), so that a write's matching grows with the subscriptions
 * that concern it, not with all of the tenant's.
 */
final class SubscriptionIndex {
    private final long version;
    private final Map<String, List<Subscriptions.Entry>> byId = new HashMap<>();
    private final Map<String, List<Subscriptions.Entry>> byType = new HashMap<>();
    private final List<Subscriptions.Entry> always = new ArrayList<>();

    private SubscriptionIndex(long version) {
        this.version = version;
    }

    /** @param version the tenant's version of its subscriptions that {@code entries} were read at */
    static SubscriptionIndex of(Collection<Subscriptions.Entry> entries, long version) {
        SubscriptionIndex index = new SubscriptionIndex(version);
        for (Subscriptions.Entry entry : entries) {
            index.add(entry);
        }
        return index;
    }

    long version() {
        return version;
    }

    private void add(Subscriptions.Entry entry) {
        List<EntitySelector> selectors = entry.subscription().entities();
        if (selectors.isEmpty() || selectors.stream().anyMatch(selector -> selector.ids().isEmpty()
                && requiredType(selector.type()) == null)) {
            always.add(entry);
            return;
        }
        for (EntitySelector selector : selectors) {
            if (!selector.ids().isEmpty()) {
                selector.ids().forEach(id -> byId.computeIfAbsent(id, key -> new ArrayList<>(1)).add(entry));
            } else {
                byType.computeIfAbsent(requiredType(selector.type()), key -> new ArrayList<>(1)).add(entry);
            }
        }
    }

    /** A type every entity the expression selects has, or null when there is none (any type, or a choice). */
    private static String requiredType(TypeExpression type) {
        return switch (type) {
            case null -> null;
            case TypeExpression.Name name -> name.type();
            case TypeExpression.AllOf all -> all.terms().stream().map(SubscriptionIndex::requiredType)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            case TypeExpression.AnyOf any -> null;
        };
    }

    /** The subscriptions that may select the entity, each once; no other can. */
    Collection<Subscriptions.Entry> candidates(Entity entity) {
        List<List<Subscriptions.Entry>> found = new ArrayList<>(2);
        addIfAny(found, byId.get(entity.id()));
        for (String type : entity.types()) {
            addIfAny(found, byType.get(type));
        }
        addIfAny(found, always);
        if (found.isEmpty()) {
            return List.of();
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        // A subscription indexed under several keys (an id and a type, two types) is matched once.
        Set<Subscriptions.Entry> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Subscriptions.Entry> merged = new ArrayList<>();
        for (List<Subscriptions.Entry> entries : found) {
            for (Subscriptions.Entry entry : entries) {
                if (distinct.add(entry)) {
                    merged.add(entry);
                }
            }
        }
        return merged;
    }

    private static void addIfAny(List<List<Subscriptions.Entry>> found, List<Subscriptions.Entry> entries) {
        if (entries != null && !entries.isEmpty()) {
            found.add(entries);
        }
    }
}
