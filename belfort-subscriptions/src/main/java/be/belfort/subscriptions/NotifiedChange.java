package be.belfort.subscriptions;

import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.EntityChange;
import be.belfort.model.ReadScope;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.belfort.query.Join;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One committed change that notifications are made of, stored once in the outbox however many subscriptions it
 * notifies; each notification is rendered from it when it is sent, in its subscription's format, attributes and
 * @context as they are then. Notifications that show the change the same way share one rendering.
 */
public final class NotifiedChange {
    private final UUID id;
    private final EntityChange change;
    private final Instant at;
    private final ObjectNode rendered;
    private final Map<Rendering, List<ObjectNode>> renderings = new ConcurrentHashMap<>();
    private boolean keepsBefore;

    /** @param at when the change was made (a deleted entity's deletedAt) */
    public NotifiedChange(UUID id, EntityChange change, Instant at) {
        this(id, change, at, null);
    }

    private NotifiedChange(UUID id, EntityChange change, Instant at, ObjectNode rendered) {
        this.id = id;
        this.change = change;
        this.at = at;
        this.rendered = rendered;
    }

    /** A notification recorded already rendered (by a version that rendered in the write): it is sent as it is. */
    public static NotifiedChange rendered(ObjectNode data) {
        return new NotifiedChange(null, null, null, Objects.requireNonNull(data));
    }

    /** Null for a notification recorded already rendered. */
    public UUID id() {
        return id;
    }

    /** Null for a notification recorded already rendered. */
    public EntityChange change() {
        return change;
    }

    public Instant at() {
        return at;
    }

    /** Whether a rendering shows previous values, so that the entity as the change found it is stored too. */
    public boolean keepsBefore() {
        return keepsBefore;
    }

    void keepBefore() {
        keepsBefore = true;
    }

    /**
     * The notification's data for one way of showing the change (the entity, and with join the entities it links
     * to), rendered once for every notification that shows it so.
     */
    List<ObjectNode> data(Rendering how, Supplier<List<ObjectNode>> render) {
        return rendered != null ? List.of(rendered) : renderings.computeIfAbsent(how, key -> render.get());
    }

    /** Everything a notification's data depends on beside the change; contexts compare by identity. */
    record Rendering(ReadScope scope, Trigger trigger, Representation representation, boolean showChanges,
                     LdContext context, Join join) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Rendering that && scope.equals(that.scope) && trigger == that.trigger
                    && representation.equals(that.representation) && showChanges == that.showChanges
                    && context == that.context && join.equals(that.join);
        }

        @Override
        public int hashCode() {
            return Objects.hash(scope, trigger, representation, showChanges, System.identityHashCode(context), join);
        }
    }
}
