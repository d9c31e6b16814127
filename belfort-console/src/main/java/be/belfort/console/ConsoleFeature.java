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
    private ConsoleFeature() {
    }

    /** The sign-in through the OpenID provider, when the platform has one and the console a client id there. */
    private static OidcSignIn oidc(ConsoleSettings settings, OidcSettings provider, BearerTokens tokens, ObjectMapper json) {
        if (provider == null || tokens == null || settings.oidcClientId() == null || settings.oidcClientId().isBlank()) {
            return null;
        }
        return new OidcSignIn(provider.issuer(), settings.oidcClientId(), settings.oidcClientSecret(), tokens, json);
    }

    /**
     * @param provider        the OpenID provider of bearer tokens ({@code --oidc-issuer}), or null
     * @param tokens          how its tokens are checked (as for every API request), or null
     * @param publicUrl       the platform's public base URL, or null; https makes every console cookie Secure
     * @param databaseAnswers whether the database answers in time, as the readiness check asks
     */
    public static Feature wire(ConsoleSettings settings, DataSource dataSource, ObjectMapper json, ApiKeys keys,
                               AccessPolicy policy, AuditTrail trail, Datasets datasets, QueryService queries,
                               PublicUrls urls, String publicUrl, RateLimits limits, ClientAddresses addresses,
                               MeterRegistry metrics, BooleanSupplier databaseAnswers, Subscriptions subscriptions,
                               Dispatcher dispatcher, ContextResolver contexts, OidcSettings provider,
                               BearerTokens tokens, Clock clock) {
        Sessions sessions = new Sessions(new PostgresSessionStore(dataSource, json), settings, keys::isActive, clock);
        boolean secure = publicUrl != null && publicUrl.startsWith("https:");
        PeriodicTask removeExpired = new PeriodicTask("remove expired console sessions", Duration.ofMinutes(1),
                Duration.ofMinutes(5), sessions::removeExpired);
        return new Feature("console", ConsoleRoutes.all(sessions, secure, keys, policy, trail,
                new ConsoleAudit(trail, clock), datasets, queries, urls, limits, addresses,
                new HealthFigures(metrics, databaseAnswers),
                new CitySubscriptions(subscriptions, dispatcher, contexts, clock), oidc(settings, provider, tokens, json),
                clock), List.of(removeExpired), List.of());
    }
}
