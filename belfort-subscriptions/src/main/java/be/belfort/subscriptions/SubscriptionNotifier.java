package be.belfort.subscriptions;

import be.belfort.model.ChangeListener;
import be.belfort.model.EntityChange;
import be.belfort.model.EntityTransaction;
import be.belfort.model.ReadAccess;
import be.belfort.model.ReadScope;
import be.belfort.model.Reader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns committed changes into notifications: inside the change's transaction it matches the tenant's
 * subscriptions and records in the outbox each change that notifies (once) and a small row per notification
 * that refers to it; once the transaction has committed it hands the notifications to the dispatcher, which
 * renders each when it sends it. A write thus costs a matching per subscription, never a rendering. A crash in
 * between loses nothing: the dispatcher reads the outbox when it starts.
 */
public final class SubscriptionNotifier implements ChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionNotifier.class);
    private final Subscriptions subscriptions;
    private final Outbox outbox;
    private final Dispatcher dispatcher;

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
        Map<EntityChange, NotifiedChange> notified = new IdentityHashMap<>();
        for (EntityChange written : changes) {
            for (Subscriptions.Entry entry : subscriptions.candidates(tenant, written.current())) {
                Subscription subscription = entry.subscription();
                if (subscription.isPeriodic() || !subscription.isLive(now) || entry.status().stopped()) {
                    continue;
                }
                try {
                    ReadScope scope = scopes.computeIfAbsent(entry.owner(), owner -> readAccess.scope(owner, tenant));
                    if (!scope.allows(written.current())) {
                        continue;
                    }
                    // A change the subscriber sees only in part is matched as it sees it.
                    Trigger trigger = ChangeMatcher.trigger(subscription, scope.trim(written));
                    if (trigger != null) {
                        NotifiedChange change = notified.computeIfAbsent(written,
                                w -> new NotifiedChange(UUID.randomUUID(), w, now));
                        if (subscription.notification().showChanges()) {
                            change.keepBefore();
                        }
                        pending.add(new PendingNotification(UUID.randomUUID(), tenant, subscription.id(),
                                subscription.notification().endpoint().queueKey(), trigger, change, now));
                    }
                } catch (RuntimeException e) {
                    // One subscription that cannot be matched must not fail the write, nor keep the other
                    // subscriptions from their notifications.
                    LOG.warn("Subscription {} of tenant '{}' skipped a change: {}", subscription.id(), tenant, e.toString());
                }
            }
        }
        if (pending.isEmpty()) {
            return null;
        }
        outbox.add(tx, pending);
        return () -> dispatcher.offer(pending);
    }
}
