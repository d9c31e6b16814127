package be.belfort.server.features;

import be.belfort.api.Feature;
import be.belfort.api.subscriptions.SubscriptionRoutes;
import be.belfort.model.PeriodicTask;
import be.belfort.storage.ChangeFeed;
import be.belfort.storage.NodeLease;
import be.belfort.storage.subscriptions.PostgresOutbox;
import be.belfort.storage.subscriptions.PostgresSubscriptionStore;
import be.belfort.subscriptions.DeliverySettings;
import be.belfort.subscriptions.Dispatcher;
import be.belfort.subscriptions.HttpSender;
import be.belfort.subscriptions.MqttSender;
import be.belfort.subscriptions.PeriodicNotifier;
import be.belfort.subscriptions.SubscriptionNotifier;
import be.belfort.subscriptions.Subscriptions;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.List;

/**
 * Subscriptions: their API, the matching of every committed change (the entity service's change listener), the
 * outbox and the delivery over HTTP and MQTT, and the periodic notifications.
 */
public final class SubscriptionsFeature {
    private SubscriptionsFeature() {
    }

    /** The feature, and its registry and delivery for the pages that show and pause subscriptions. */
    public record Wired(Feature feature, Subscriptions subscriptions, Dispatcher dispatcher) {
    }

    public static Wired wire(Core core) {
        PostgresOutbox outbox = new PostgresOutbox(core.dataSource(), core.json(), core.nodes().lease().id());
        Subscriptions subscriptions = new Subscriptions(new PostgresSubscriptionStore(core.dataSource(), core.json()),
                outbox, core.contexts(), core.clock(), core.outbound());
        subscriptions.load();
        // a subscription created, changed or deleted through another node matches here within a second
        core.nodes().changes().on("subscriptions", new ChangeFeed.Listener() {
            @Override
            public void changed(String tenant, String id) {
                subscriptions.refresh(tenant, id);
            }

            @Override
            public void refreshAll() {
                subscriptions.refreshAll();
            }
        });
        DeliverySettings delivery = core.settings().delivery();
        Dispatcher dispatcher = new Dispatcher(subscriptions, outbox,
                new HttpSender(delivery.timeout(), core.json(), core.outbound()),
                new MqttSender(delivery.timeout(), core.json(), core.outbound()), core.json(), delivery,
                core.subscriberAccess(), core.queries());
        // Notifications carry only what their subscriber may read when they are sent.
        core.entities().setChangeListener(new SubscriptionNotifier(subscriptions, outbox, dispatcher,
                core.subscriberAccess()));
        measure(core.metrics(), dispatcher);
        NodeLease lease = core.nodes().lease();
        dispatcher.start(lease.steady());
        // periodic notifications are sent by the one node that holds their lock
        PeriodicNotifier periodic = new PeriodicNotifier(subscriptions, core.queries(), dispatcher,
                core.subscriberAccess(), core.nodes().periodicNotifications()::held);
        JobMetrics.register(core.metrics(), periodic.job());
        // Delivery figures are read from memory; the database copy only has to survive a restart.
        PeriodicTask saveStatus = PeriodicTask.onEveryNode("save subscription delivery figures", Duration.ofSeconds(10),
                Duration.ofSeconds(10), subscriptions::saveStatus);
        // the notifications of a node that stopped, or whose lease lapsed, are delivered by another within seconds
        PeriodicTask takeOver = PeriodicTask.onEveryNode("take over notifications of stopped nodes", Duration.ofSeconds(1),
                Duration.ofSeconds(1), () -> dispatcher.takeOver(lease.steady()));
        // a change whose last notifications two nodes removed at once is left behind; removed here
        PeriodicTask removeChanges = PeriodicTask.onEveryNode("remove notified changes", Duration.ofMinutes(1),
                Duration.ofMinutes(1), outbox::removeUnreferencedChanges);
        return new Wired(new Feature("subscriptions",
                List.of(new SubscriptionRoutes(subscriptions, core.in(), core.out(), core.json(), Core.MAX_QUERY_LIMIT)),
                List.of(saveStatus, takeOver, removeChanges), List.of(dispatcher, periodic)), subscriptions, dispatcher);
    }

    private static void measure(MeterRegistry metrics, Dispatcher dispatcher) {
        FunctionCounter.builder("belfort.notifications.delivered", dispatcher, Dispatcher::delivered)
                .description("Notifications their receivers took").register(metrics);
        FunctionCounter.builder("belfort.notifications.failed.attempts", dispatcher, Dispatcher::failedAttempts)
                .description("Delivery attempts that failed and are retried").register(metrics);
        FunctionCounter.builder("belfort.notifications.given.up", dispatcher, Dispatcher::givenUp)
                .description("Notifications not delivered within 24 hours").register(metrics);
        FunctionCounter.builder("belfort.notifications.dropped", dispatcher, Dispatcher::dropped)
                .description("Notifications dropped because their subscription had too many waiting").register(metrics);
        FunctionCounter.builder("belfort.subscriptions.stopped", dispatcher, Dispatcher::stopped)
                .description("Subscriptions stopped because too many of their notifications were waiting").register(metrics);
        Gauge.builder("belfort.notifications.queued", dispatcher, Dispatcher::queued)
                .description("Notifications waiting in memory for their receivers").register(metrics);
    }
}
