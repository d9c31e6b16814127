package be.belfort.console.http;

import be.belfort.api.ClientAddresses;
import be.belfort.api.PublicUrls;
import be.belfort.api.RouteGroup;
import be.belfort.console.ConsoleAudit;
import be.belfort.console.ConsoleTexts;
import be.belfort.console.OidcSignIn;
import be.belfort.console.ReturnPath;
import be.belfort.console.Session;
import be.belfort.console.Sessions;
import be.belfort.dashboard.Cities;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.Datasets;
import be.belfort.security.ApiKey;
import be.belfort.security.ApiKeys;
import be.belfort.security.Principal;
import be.belfort.security.RateLimits;
import be.belfort.security.Role;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Signing in with an API key, signing out, and the console's home: the cities the person manages. A failed
 * sign-in counts against the client's address in the same rate limit as a bad key on the API.
 */
public final class SignInRoutes implements RouteGroup {
    /** Ties the sign-in form to the browser that asked for it, before there is a session to hold a token. */
    private static final String SIGN_IN_COOKIE = "belfort-console-sign-in";
    private static final String SIGN_IN = "POST /console/sign-in";

    private final Gate gate;
    private final ConsolePages pages;
    private final Sessions sessions;
    private final ApiKeys keys;
    private final Datasets datasets;
    private final RateLimits limits;
    private final ClientAddresses addresses;
    private final ConsoleAudit audit;
    private final OidcSignIn oidc;
    private final PublicUrls urls;

    /** @param oidc the sign-in through the OpenID provider, or null when the console has no client there */
    SignInRoutes(Gate gate, ConsolePages pages, Sessions sessions, ApiKeys keys, Datasets datasets, RateLimits limits,
                 ClientAddresses addresses, ConsoleAudit audit, OidcSignIn oidc, PublicUrls urls) {
        this.oidc = oidc;
        this.urls = urls;
        this.gate = gate;
        this.pages = pages;
        this.sessions = sessions;
        this.keys = keys;
        this.datasets = datasets;
        this.limits = limits;
        this.addresses = addresses;
        this.audit = audit;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(ConsoleView.ROOT, this::home);
        app.get(ConsoleView.ROOT + "/", this::home);
        app.get(ConsoleView.ROOT + "/sign-in", ctx -> signInPage(ctx, 200, null));
        app.post(ConsoleView.ROOT + "/sign-in", this::signIn);
        app.post(ConsoleView.ROOT + "/sign-out", this::signOut);
    }

    private void signInPage(Context ctx, int status, String errorKey) {
        ConsoleTexts texts = gate.texts(ctx);
        String formToken = Sessions.newFormToken();
        ctx.cookie(new Cookie(SIGN_IN_COOKIE, formToken, ConsoleView.ROOT + "/sign-in", -1, gate.secureCookies(), true,
                null, SameSite.STRICT));
        String returnTo = ReturnPath.safe(ctx.queryParam("return") != null ? ctx.queryParam("return")
                : ctx.formParam("return"));
        pages.html(ctx, status, "signin", gate.view(ctx, texts, null, null), Map.of("signInToken", formToken,
                "returnTo", returnTo, "error", errorKey == null ? "" : texts.get(errorKey),
                "expired", ctx.queryParam("return") != null, "oidc", oidc != null));
    }

    private void signIn(Context ctx) {
        String expected = ctx.cookie(SIGN_IN_COOKIE);
        String presented = ctx.formParam("signInToken");
        if (expected == null || presented == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8))) {
            signInPage(ctx, 403, "signin.error.form");
            return;
        }
        String key = ctx.formParam("key");
        Principal principal;
        try {
            if (key == null || key.isBlank()) {
                throw new NgsiLdException(ErrorType.UNAUTHORIZED, "No key");
            }
            principal = keys.authenticate(key.trim());
        } catch (NgsiLdException refused) {
            if (refused.type() != ErrorType.UNAUTHORIZED) {
                throw refused;
            }
            Duration wait = limits.take(addresses.of(ctx), false);
            audit.record(Principal.ANONYMOUS, "", SIGN_IN, null, 401);
            if (!wait.isZero()) {
                ctx.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
                signInPage(ctx, 429, "signin.error.tooMany");
            } else {
                signInPage(ctx, 401, "signin.error.key");
            }
            return;
        }
        Sessions.Started started = sessions.start(principal);
        gate.startSession(ctx, started);
        ctx.cookie(new Cookie(SIGN_IN_COOKIE, "", ConsoleView.ROOT + "/sign-in", 0, gate.secureCookies(), true, null,
                SameSite.STRICT));
        audit.record(principal, homeTenant(principal), SIGN_IN, null, 303);
        ctx.redirect(ReturnPath.safe(ctx.formParam("return")), HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        Session session = gate.session(ctx);
        if (session == null || !gate.formTokenValid(ctx, session)) {
            return;
        }
        sessions.end(ctx.cookie(Gate.COOKIE));
        gate.clearCookie(ctx);
        String signInPage = ConsoleView.ROOT + "/sign-in";
        // Signed in at the OpenID provider: the provider ends its session too, then sends the person back here.
        // A page moves the browser on, since a redirect of a form's post to another site breaks form-action 'self'.
        Optional<URI> atProvider = oidc == null || session.idToken() == null ? Optional.empty()
                : oidc.logout(session.idToken(), urls.base(ctx) + signInPage);
        audit.record(session.principal(), homeTenant(session.principal()), "POST /console/sign-out", null,
                atProvider.isPresent() ? 200 : 303);
        if (atProvider.isPresent()) {
            pages.html(ctx, "signedout", gate.view(ctx, gate.texts(ctx), null, null),
                    Map.of("provider", atProvider.get().toString()));
            return;
        }
        ctx.redirect(signInPage, HttpStatus.SEE_OTHER);
    }

    private void home(Context ctx) {
        Session session = gate.session(ctx);
        if (session == null) {
            return;
        }
        ConsoleTexts texts = gate.texts(ctx);
        pages.html(ctx, "home", gate.view(ctx, texts, session, null), Map.of("cities", managed(session.principal())));
    }

    /** A city on the home page: its path segment, and whether the person administers it or only publishes. */
    public record City(String segment, boolean admin) {
    }

    /** The cities the person publishes in or administers; for a platform admin, every known city. */
    private List<City> managed(Principal principal) {
        TreeSet<String> tenants = new TreeSet<>();
        if (principal.admin()) {
            datasets.all().stream().map(Dataset::tenant).forEach(tenants::add);
            keys.list(null).stream().map(ApiKey::tenant).filter(java.util.Objects::nonNull).forEach(tenants::add);
        } else {
            principal.roles().forEach((tenant, role) -> {
                if (role.includes(Role.PUBLISHER)) {
                    tenants.add(tenant);
                }
            });
        }
        return tenants.stream().map(tenant -> new City(Cities.segment(tenant), principal.holds(Role.TENANT_ADMIN, tenant)))
                .toList();
    }

    /** The tenant a sign-in is recorded under: the key's own, or the default tenant for an admin. */
    private static String homeTenant(Principal principal) {
        return principal.roles().size() == 1 ? principal.roles().keySet().iterator().next() : "";
    }
}
