package be.belfort.subscriptions;

import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.ChangeListener;
import be.belfort.model.EntityChange;
import be.belfort.model.EntityTransaction;
import be.belfort.model.ReadAccess;
import be.belfort.model.ReadScope;
import be.belfort.model.Reader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns committed changes into notifications: inside the change's transaction it matches the tenant's
 * subscriptions, renders what each notification carries and records it in the outbox; once the
 * transaction has committed it hands the notifications to the dispatcher. A crash in between loses
 * nothing: the dispatcher reads the outbox when it starts.
 */
public final class SubscriptionNotifier implements ChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionNotifier.class);
    private final Subscriptions subscriptions;
    private final Outbox outbox;
    private final Dispatcher dispatcher;
    private final NotificationData data = new NotificationData();

    private final ReadAccess readAccess;

    public SubscriptionNotifier(Subscriptions subscriptions, Outbox outbox, Dispatcher dispatcher, ReadAccess readAccess) {
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.readAccess = readAccess;
    }

    @Override
    public boolean watches(String tenant) {
        return subscriptions.any(tenant);
    }

    @Override
    public Runnable changed(String tenant, EntityTransaction tx, List<EntityChange> changes) {
        if (!subscriptions.any(tenant)) {
            return null;
        }
        Instant now = subscriptions.now();
        List<PendingNotification> pending = new ArrayList<>();
        // What each owner may read, decided once per transaction rather than once per subscription.
        Map<Reader, ReadScope> scopes = new HashMap<>();
        // Subscriptions that show the same change the same way share one rendering: a batch in a tenant with
        // many subscriptions renders each entity once per representation, not once per subscription.
        Map<Rendering, ObjectNode> rendered = new HashMap<>();
        for (Subscriptions.Entry entry : subscriptions.of(tenant)) {
            Subscription subscription = entry.subscription();
            if (subscription.isPeriodic() || !subscription.isLive(now) || entry.status().stopped()) {
                continue;
            }
            try {
                ReadScope scope = scopes.computeIfAbsent(entry.owner(), owner -> readAccess.scope(owner, tenant));
                for (EntityChange written : changes) {
                    if (!scope.allows(written.current())) {
                        continue;
                    }
                    // A change the subscriber sees only in part is matched and shown as it sees it.
                    EntityChange change = scope.trim(written);
                    Trigger trigger = ChangeMatcher.trigger(subscription, change);
                    if (trigger != null) {
                        Rendering key = new Rendering(written, scope, trigger, subscription.notification().representation(),
                                subscription.notification().showChanges(), entry.notificationContext());
                        ObjectNode shown = rendered.computeIfAbsent(key,
                                k -> data.render(subscription, change, trigger, entry.notificationContext()));
                        pending.add(new PendingNotification(UUID.randomUUID(), tenant, subscription.id(),
                                subscription.notification().endpoint().queueKey(), trigger, shown, now));
                    }
                }
            } catch (RuntimeException e) {
                // One subscription that cannot be served (say, its @context became unreachable) must not
                // fail the write, nor keep the other subscriptions from their notifications.
                LOG.warn("Subscription {} of tenant '{}' skipped a change: {}", subscription.id(), tenant, e.toString());
            }
        }
        if (pending.isEmpty()) {
            return null;
        }
        outbox.add(tx, pending);
        return () -> dispatcher.offer(pending);
    }

    /**
     * Everything a notification's data depends on: the change (and the part of it the subscriber may read),
     * the trigger, the representation and the @context. Changes, scopes and contexts compare by identity.
     */
    private record Rendering(EntityChange change, ReadScope scope, Trigger trigger, Representation representation,
                             boolean showChanges, LdContext context) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Rendering that && change == that.change && scope == that.scope
                    && trigger == that.trigger && representation.equals(that.representation)
                    && showChanges == that.showChanges && context == that.context;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(System.identityHashCode(change), System.identityHashCode(scope), trigger,
                    representation, showChanges, System.identityHashCode(context));
        }
    }
}
