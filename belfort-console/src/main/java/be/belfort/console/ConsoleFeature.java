package be.belfort.console;

import be.belfort.api.ClientAddresses;
import be.belfort.api.Feature;
import be.belfort.api.PublicUrls;
import be.belfort.console.http.ConsoleRoutes;
import be.belfort.console.sql.PostgresSessionStore;
import be.belfort.jsonld.ContextResolver;
import be.belfort.model.PeriodicTask;
import be.belfort.opendata.Datasets;
import be.belfort.query.QueryService;
import be.belfort.security.AccessPolicy;
import be.belfort.security.ApiKeys;
import be.belfort.security.AuditTrail;
import be.belfort.security.BearerTokens;
import be.belfort.security.OidcSettings;
import be.belfort.security.RateLimits;
import be.belfort.subscriptions.Dispatcher;
import be.belfort.subscriptions.Subscriptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The staff console: sign-in sessions in PostgreSQL (so any node serves any person), the pages, and the removal
 * of expired sessions. Its actions go through the services the admin API uses and are audited like its calls.
 */
public final class ConsoleFeature {
    /** Where the console lives; its requests are authenticated and rate-limited by its own sessions. */
    public static final String PATH = "/console";

    private ConsoleFeature() {
    }

    /**
     * The platform the console runs on.
     *
     * @param publicUrl       the platform's public base URL, or null; https makes every console cookie Secure
     * @param metrics         the registry {@code /metrics} publishes, which the health page reads
     * @param databaseAnswers whether the database answers in time, as the readiness check asks
     */
    public record Base(DataSource dataSource, ObjectMapper json, PublicUrls urls, String publicUrl,
                       MeterRegistry metrics, BooleanSupplier databaseAnswers, Clock clock) {
    }

    /**
     * Who a person is and what they may do, exactly as for the API.
     *
     * @param provider the OpenID provider of bearer tokens ({@code --oidc-issuer}), or null
     * @param tokens   how its tokens are checked (as for every API request), or null
     */
    public record Access(ApiKeys keys, AccessPolicy policy, AuditTrail trail, RateLimits limits,
                         ClientAddresses addresses, OidcSettings provider, BearerTokens tokens) {
    }

    /** The services behind what the console manages: datasets, entity types, subscriptions. */
    public record Managed(Datasets datasets, QueryService queries, ContextResolver contexts, Subscriptions subscriptions,
                          Dispatcher dispatcher) {
    }

    /** The sign-in through the OpenID provider, when the platform has one and the console a client id there. */
    private static OidcSignIn oidc(ConsoleSettings settings, Access access, ObjectMapper json) {
        if (access.provider() == null || access.tokens() == null || settings.oidcClientId() == null
                || settings.oidcClientId().isBlank()) {
            return null;
        }
        return new OidcSignIn(access.provider().issuer(), settings.oidcClientId(), settings.oidcClientSecret(),
                access.tokens(), json);
    }

    public static Feature wire(ConsoleSettings settings, Base base, Access access, Managed managed) {
        Sessions sessions = new Sessions(new PostgresSessionStore(base.dataSource(), base.json()), settings,
                access.keys()::isActive, base.clock());
        boolean secure = base.publicUrl() != null && base.publicUrl().startsWith("https:");
        PeriodicTask removeExpired = new PeriodicTask("remove expired console sessions", Duration.ofMinutes(1),
                Duration.ofMinutes(5), sessions::removeExpired);
        return new Feature("console", ConsoleRoutes.all(sessions, secure, access.keys(), access.policy(), access.trail(),
                new ConsoleAudit(access.trail(), base.clock()), managed.datasets(), managed.queries(), base.urls(),
                access.limits(), access.addresses(), new HealthFigures(base.metrics(), base.databaseAnswers()),
                new CitySubscriptions(managed.subscriptions(), managed.dispatcher(), managed.contexts(), base.clock()),
                oidc(settings, access, base.json()), base.clock()), List.of(removeExpired), List.of());
    }
}
