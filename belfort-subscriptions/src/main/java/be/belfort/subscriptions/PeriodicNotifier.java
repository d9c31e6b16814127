package be.belfort.subscriptions;

import be.belfort.model.ReadAccess;
import be.belfort.model.ReadScope;
import be.belfort.model.BackgroundJob;
import be.belfort.model.Entity;
import be.belfort.model.NgsiLdException;
import be.belfort.query.EntityQuery;
import be.belfort.query.QueryService;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Periodic notifications (timeInterval, clause 5.8.1): every interval, the entities the subscription
 * selects, as they are then, in pages of {@value #PAGE} entities per notification. They are made anew
 * each time, so they do not go through the outbox; a failed one is counted and the next period tries again.
 * Each subscription is a unit of its own: one that cannot be served (not its receiver: the platform) is
 * reported once and tried again with back-off, and the others are not held up.
 */
public final class PeriodicNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicNotifier.class);
    static final int PAGE = 1000;
    /** The most entities one period sends, so that one subscription cannot occupy the platform. */
    static final int MAX_ENTITIES = 10 * PAGE;

    private final Subscriptions subscriptions;
    private final QueryService queries;
    private final Dispatcher dispatcher;
    private final Map<String, Instant> due = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Thread ticker;
    private final BackgroundJob job = new BackgroundJob("send periodic notifications");
    private volatile boolean open = true;

    private final ReadAccess readAccess;

    private final java.util.function.BooleanSupplier sendsHere;

    /** @param sendsHere whether this node sends the periodic notifications now (one node of several does) */
    public PeriodicNotifier(Subscriptions subscriptions, QueryService queries, Dispatcher dispatcher, ReadAccess readAccess,
                            java.util.function.BooleanSupplier sendsHere) {
        this.readAccess = readAccess;
        this.sendsHere = sendsHere;
        this.subscriptions = subscriptions;
        this.queries = queries;
        this.dispatcher = dispatcher;
        this.ticker = Thread.ofVirtual().name("belfort-periodic-notifications").start(this::tick);
    }

    private void tick() {
        while (open) {
            Instant now = subscriptions.now();
            // Forget the schedule of subscriptions that are gone.
            List<String> live = subscriptions.all().stream()
                    .map(entry -> entry.subscription().tenant() + " " + entry.subscription().id()).toList();
            due.keySet().retainAll(live);
            job.forgetAllBut(live);
            for (Subscriptions.Entry entry : subscriptions.all()) {
                Subscription subscription = entry.subscription();
                if (!sendsHere.getAsBoolean()) {
                    // Another node sends them; should it die, this one starts anew from now.
                    due.clear();
                    break;
                }
                if (!subscription.isPeriodic() || !subscription.isLive(now)) {
                    continue;
                }
                String key = subscription.tenant() + " " + subscription.id();
                Instant next = due.computeIfAbsent(key, k -> now);
                if (!next.isAfter(now) && job.isDue(key) && running.add(key)) {
                    due.put(key, now.plusSeconds(subscription.timeInterval()));
                    Thread.ofVirtual().name("belfort-periodic-" + subscription.id()).start(() -> {
                        try {
                            job.run(key, () -> notify(entry, now));
                        } finally {
                            running.remove(key);
                        }
                    });
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void notify(Subscriptions.Entry entry, Instant now) {
        Subscription subscription = entry.subscription();
        try {
            for (int offset = 0; offset < MAX_ENTITIES; offset += PAGE) {
                ReadScope scope = readAccess.scope(entry.owner(), subscription.tenant());
                EntityQuery query = new EntityQuery(subscription.entities(), List.of(), subscription.q(),
                        subscription.geoQ(), subscription.scopeQ(), PAGE, offset, false).readableBy(scope);
                List<Entity> page = queries.query(subscription.tenant(), query).entities();
                if (page.isEmpty()) {
                    return;
                }
                List<ObjectNode> data = dispatcher.show(entry, page, scope);
                dispatcher.send(entry, "urn:ngsi-ld:Notification:" + UUID.randomUUID(), null, data, now);
                entry.status().succeeded(now);
                if (page.size() < PAGE) {
                    return;
                }
            }
        } catch (Sender.DeliveryFailure failure) {
            entry.status().failed(now, true, failure.getMessage());
            LOG.info("Periodic notification of {} failed: {}", subscription.id(), failure.getMessage());
        } catch (NgsiLdException e) {
            LOG.debug("Periodic notification of {} found nothing: {}", subscription.id(), e.getMessage());
        }
    }

    /** The notifier, for its failure figures. */
    public BackgroundJob job() {
        return job;
    }

    @Override
    public void close() {
        open = false;
        ticker.interrupt();
    }
}
