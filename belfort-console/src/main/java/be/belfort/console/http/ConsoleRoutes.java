package be.belfort.console.http;

import be.belfort.api.ClientAddresses;
import be.belfort.api.PublicUrls;
import be.belfort.api.RouteGroup;
import be.belfort.console.CitySubscriptions;
import be.belfort.console.ConsoleAudit;
import be.belfort.console.HealthFigures;
import be.belfort.console.OidcSignIn;
import be.belfort.console.Sessions;
import be.belfort.dashboard.http.Assets;
import be.belfort.opendata.Datasets;
import be.belfort.query.QueryService;
import be.belfort.security.AccessPolicy;
import be.belfort.security.ApiKeys;
import be.belfort.security.AuditTrail;
import be.belfort.security.RateLimits;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.time.Clock;
import java.util.List;

/** Every page of the console, sharing one way in ({@link Gate}) and one renderer; any other console path is a 404. */
public final class ConsoleRoutes {
    private ConsoleRoutes() {
    }

    /**
     * @param oidc          the sign-in through the OpenID provider, or null when the console has no client there
     * @param secureCookies whether the platform is reached over HTTPS, so that cookies travel over it only */
    public static List<RouteGroup> all(Sessions sessions, boolean secureCookies, ApiKeys keys, AccessPolicy policy,
                                       AuditTrail trail, ConsoleAudit audit, Datasets datasets, QueryService queries,
                                       PublicUrls urls, RateLimits limits, ClientAddresses addresses,
                                       HealthFigures health, CitySubscriptions subscriptions, OidcSignIn oidc,
                                       Clock clock) {
        ConsolePages pages = new ConsolePages();
        ConsoleAssets assets = new ConsoleAssets();
        Gate gate = new Gate(sessions, secureCookies, pages, new Assets(), assets.stylesheetUrl());
        RouteGroup unknown = (JavalinDefaultRoutingApi app) -> app.get(ConsoleView.ROOT + "/<rest>",
                ctx -> pages.notFound(ctx, gate.view(ctx, gate.texts(ctx), null, null)));
        List<RouteGroup> all = new java.util.ArrayList<>(List.of(new RateLimit(gate, limits, addresses), assets,
                new SignInRoutes(gate, pages, sessions, keys, datasets, limits, addresses, audit, oidc, urls),
                new KeyPages(gate, pages, keys, policy, trail, audit),
                new DatasetPages(gate, pages, datasets, queries, urls, audit, clock),
                new AuditPages(gate, pages, trail),
                new SubscriptionPages(gate, pages, subscriptions, audit),
                new HealthPage(gate, pages, health)));
        if (oidc != null) {
            all.add(new OidcRoutes(gate, pages, sessions, oidc, urls, audit));
        }
        all.add(unknown);
        return all;
    }
}
