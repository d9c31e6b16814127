package be.belfort.federation;

import be.belfort.api.Feature;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.federation.http.EntityMapRoutes;
import be.belfort.federation.http.RegistrationRoutes;
import be.belfort.federation.http.RegistrationSubscriptionRoutes;
import be.belfort.jsonld.ContextResolver;
import be.belfort.subscriptions.HttpSender;
import be.belfort.federation.sql.PostgresDocumentStore;
import be.belfort.federation.sql.PostgresEntityMapStore;
import be.belfort.federation.sql.PostgresFigureStore;
import be.belfort.federation.sql.PostgresNotificationQueue;
import be.belfort.model.PeriodicTask;
import be.belfort.query.DistributedReads;
import be.belfort.query.DistributedWrites;
import be.belfort.security.AccessPolicy;
import be.belfort.security.OutboundGuard;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Wires federation: registrations and subscriptions to them (stores and API), and the distributed reads the
 * entity routes consult.
 */
public final class FederationFeature {
    /** The feature, and the distributed reads and writes to give the entity, query and temporal routes. */
    public record Wired(Feature feature, DistributedReads reads, DistributedWrites writes) {
    }

    /** Tells of changes other nodes on the database commit to a table: one row (tenant, id), or anything. */
    @FunctionalInterface
    public interface OtherNodes {
        void follow(String table, BiConsumer<String, String> changed, Runnable refreshAll);
    }

    /** Figures are added to the database this often, and notifications left by a stopped node are looked for. */
    private static final Duration SHARING = Duration.ofSeconds(2);

    private FederationFeature() {
    }

    /**
     * @param instance a name of this platform unique among the brokers it talks to (its Via token)
     * @param maxLimit the largest page of registrations a query may ask for
     * @param nodes    the changes other nodes on the database make to registrations and their subscriptions
     */
    public static Wired wire(DataSource dataSource, ObjectMapper json, AccessPolicy policy, RequestReader in,
                             ResponseWriter out, ContextResolver contexts, OutboundGuard outbound, Clock clock,
                             FederationSettings settings, String instance, int maxLimit, OtherNodes nodes) {
        PostgresFigureStore figures = new PostgresFigureStore(dataSource);
        Registrations registrations = new Registrations(
                new PostgresDocumentStore(dataSource, json, PostgresDocumentStore.REGISTRATIONS), figures, clock);
        registrations.load();
        EntityMaps maps = new EntityMaps(new PostgresEntityMapStore(dataSource, json), EntityMapLimits.DEFAULT, clock);
        Federation federation = new Federation(registrations, outbound, settings, json, clock, instance, maps);
        WriteForwarding writes = new WriteForwarding(registrations, federation, settings, json, clock);
        HttpSender sender = new HttpSender(settings.sourceTimeout(), json, outbound);
        RegistrationSubscriptions subscriptions = new RegistrationSubscriptions(
                new PostgresDocumentStore(dataSource, json, PostgresDocumentStore.SUBSCRIPTIONS),
                new PostgresNotificationQueue(dataSource, json), figures, registrations, sender,
                context -> contexts.fromBody(context)::compact, clock, settings.sourceTimeout());
        subscriptions.load();
        registrations.listen(subscriptions::changed);
        // A registration or subscription written through another node counts here within a second.
        nodes.follow(PostgresDocumentStore.REGISTRATIONS, registrations::refresh, registrations::load);
        nodes.follow(PostgresDocumentStore.SUBSCRIPTIONS, subscriptions::refresh, subscriptions::load);
        AutoCloseable saveFigures = registrations::saveFigures;
        Feature feature = new Feature("federation",
                List.of(new RegistrationRoutes(registrations, policy, in, out, json, maxLimit),
                        new RegistrationSubscriptionRoutes(subscriptions, policy, in, out, json, maxLimit),
                        new EntityMapRoutes(maps, in, out)),
                List.of(new PeriodicTask("remove expired context source registrations", Duration.ofSeconds(10),
                                Duration.ofSeconds(10), registrations::removeExpired),
                        new PeriodicTask("remove expired entity maps", Duration.ofMinutes(1), Duration.ofMinutes(1),
                                maps::removeExpired),
                        PeriodicTask.onEveryNode("save the figures of context sources", SHARING, SHARING, () -> {
                            registrations.saveFigures();
                            subscriptions.saveFigures();
                        }),
                        PeriodicTask.onEveryNode("deliver registration notifications left by stopped nodes",
                                Duration.ofSeconds(1), SHARING, subscriptions::takeOver)),
                List.of(sender, saveFigures, federation, writes, subscriptions));
        return new Wired(feature, federation, writes);
    }
}
