package be.belfort.federation;

import be.belfort.api.Feature;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.federation.http.RegistrationRoutes;
import be.belfort.federation.http.RegistrationSubscriptionRoutes;
import be.belfort.jsonld.ContextResolver;
import be.belfort.subscriptions.HttpSender;
import be.belfort.federation.sql.PostgresDocumentStore;
import be.belfort.model.PeriodicTask;
import be.belfort.query.DistributedReads;
import be.belfort.security.AccessPolicy;
import be.belfort.security.OutboundGuard;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Wires federation: registrations and subscriptions to them (stores and API), and the distributed reads the
 * entity routes consult.
 */
public final class FederationFeature {
    /** The feature, and the distributed reads to give the entity and query routes. */
    public record Wired(Feature feature, DistributedReads reads) {
    }

    private FederationFeature() {
    }

    /**
     * @param instance a name of this platform unique among the brokers it talks to (its Via token)
     * @param maxLimit the largest page of registrations a query may ask for
     */
    public static Wired wire(DataSource dataSource, ObjectMapper json, AccessPolicy policy, RequestReader in,
                             ResponseWriter out, ContextResolver contexts, OutboundGuard outbound, Clock clock,
                             FederationSettings settings, String instance, int maxLimit) {
        Registrations registrations = new Registrations(
                new PostgresDocumentStore(dataSource, json, PostgresDocumentStore.REGISTRATIONS), clock);
        registrations.load();
        Federation federation = new Federation(registrations, outbound, settings, json, clock, instance);
        HttpSender sender = new HttpSender(settings.sourceTimeout(), json, outbound);
        RegistrationSubscriptions subscriptions = new RegistrationSubscriptions(
                new PostgresDocumentStore(dataSource, json, PostgresDocumentStore.SUBSCRIPTIONS),
                new RegistrationView(registrations), sender, context -> contexts.fromBody(context)::compact, clock);
        subscriptions.load();
        registrations.listen(subscriptions::changed);
        Feature feature = new Feature("federation",
                List.of(new RegistrationRoutes(registrations, policy, in, out, json, maxLimit),
                        new RegistrationSubscriptionRoutes(subscriptions, policy, in, out, json, maxLimit)),
                List.of(new PeriodicTask("remove expired context source registrations", Duration.ofSeconds(10),
                        Duration.ofSeconds(10), registrations::removeExpired)),
                List.of(federation, subscriptions, sender));
        return new Wired(feature, federation);
    }
}
