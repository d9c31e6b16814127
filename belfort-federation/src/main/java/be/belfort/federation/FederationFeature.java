package be.belfort.federation;

import be.belfort.api.Feature;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.federation.http.RegistrationRoutes;
import be.belfort.federation.sql.PostgresRegistrationStore;
import be.belfort.model.PeriodicTask;
import be.belfort.query.DistributedReads;
import be.belfort.security.AccessPolicy;
import be.belfort.security.OutboundGuard;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Wires federation: the registration store and API, and the distributed reads the entity routes consult. */
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
                             ResponseWriter out, OutboundGuard outbound, Clock clock, FederationSettings settings,
                             String instance, int maxLimit) {
        Registrations registrations = new Registrations(new PostgresRegistrationStore(dataSource, json), clock);
        registrations.load();
        Federation federation = new Federation(registrations, outbound, settings, json, clock, instance);
        Feature feature = new Feature("federation",
                List.of(new RegistrationRoutes(registrations, policy, in, out, json, maxLimit)),
                List.of(new PeriodicTask("remove expired context source registrations", Duration.ofSeconds(10),
                        Duration.ofSeconds(10), registrations::removeExpired)),
                List.of(federation));
        return new Wired(feature, federation);
    }
}
