package be.belfort.subscriptions;

import be.belfort.model.EntityTransaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The outbox in memory, in recording order. */
final class InMemoryOutbox implements Outbox {
    private final List<PendingNotification> pending = new ArrayList<>();

    synchronized void addAll(List<PendingNotification> notifications) {
        pending.addAll(notifications);
    }

    synchronized int size() {
        return pending.size();
    }

    @Override
    public void add(EntityTransaction tx, List<PendingNotification> notifications) {
        addAll(notifications);
    }

    @Override
    public synchronized List<PendingNotification> pending(String queueKey, int limit, Set<UUID> except) {
        return pending.stream().filter(n -> n.queueKey().equals(queueKey) && !except.contains(n.id()))
                .limit(limit).toList();
    }

    /** One node alone: nothing is ever abandoned by another. */
    @Override
    public List<Claimed> claimAbandoned(int limit, boolean ofLapsedNodes) {
        return List.of();
    }

    @Override
    public void handBack() {
    }

    @Override
    public synchronized void remove(Collection<UUID> ids) {
        pending.removeIf(n -> ids.contains(n.id()));
    }

    /** Changes live in memory with their notifications. */
    @Override
    public int removeUnreferencedChanges() {
        return 0;
    }

    @Override
    public synchronized void removeSubscription(String tenant, String subscriptionId) {
        pending.removeIf(n -> n.subscriptionId().equals(subscriptionId));
    }
}
