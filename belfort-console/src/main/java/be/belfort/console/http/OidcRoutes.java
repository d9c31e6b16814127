package be.belfort.console.http;

import be.belfort.api.PublicUrls;
import be.belfort.api.RouteGroup;
import be.belfort.console.ConsoleAudit;
import be.belfort.console.ConsoleTexts;
import be.belfort.console.OidcSignIn;
import be.belfort.console.ReturnPath;
import be.belfort.console.Sessions;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.security.Principal;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * Signing in through the OpenID provider: {@code /console/oidc/start} sends the browser to it, and
 * {@code /console/oidc/callback} takes the code it brings back. What must survive the trip (state, PKCE
 * verifier, nonce, the page asked) waits in a short-lived HttpOnly cookie of this path; it is {@code Lax}
 * because the provider's redirect is a navigation from another site. For the same reason the callback answers
 * with a page that moves on to the page asked: the session cookie is {@code Strict} and would not go along
 * with a redirect that started at the provider.
 */
public final class OidcRoutes implements RouteGroup {
    private static final String COOKIE = "belfort-console-oidc";
    private static final String PATH = ConsoleView.ROOT + "/oidc";
    private static final int TEN_MINUTES = 600;

    private final Gate gate;
    private final ConsolePages pages;
    private final Sessions sessions;
    private final OidcSignIn oidc;
    private final PublicUrls urls;
    private final ConsoleAudit audit;

    OidcRoutes(Gate gate, ConsolePages pages, Sessions sessions, OidcSignIn oidc, PublicUrls urls, ConsoleAudit audit) {
        this.gate = gate;
        this.pages = pages;
        this.sessions = sessions;
        this.oidc = oidc;
        this.urls = urls;
        this.audit = audit;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(PATH + "/start", this::start);
        app.get(PATH + "/callback", this::callback);
    }

    private String callbackUrl(Context ctx) {
        return urls.base(ctx) + PATH + "/callback";
    }

    private void start(Context ctx) {
        OidcSignIn.Request request = oidc.start(callbackUrl(ctx));
        String returnTo = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ReturnPath.safe(ctx.queryParam("return")).getBytes(StandardCharsets.UTF_8));
        ctx.cookie(new Cookie(COOKIE, request.state() + "." + request.verifier() + "." + request.nonce() + "." + returnTo,
                PATH, TEN_MINUTES, gate.secureCookies(), true, null, SameSite.LAX));
        ctx.redirect(request.redirect().toString(), HttpStatus.SEE_OTHER);
    }

    private void callback(Context ctx) {
        String[] kept = ctx.cookie(COOKIE) == null ? new String[0] : ctx.cookie(COOKIE).split("\\.");
        ctx.cookie(new Cookie(COOKIE, "", PATH, 0, gate.secureCookies(), true, null, SameSite.LAX));
        String state = ctx.queryParam("state");
        String code = ctx.queryParam("code");
        if (kept.length != 4 || state == null || code == null
                || !MessageDigest.isEqual(kept[0].getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
            refuse(ctx);
            return;
        }
        OidcSignIn.SignedIn signedIn;
        try {
            signedIn = oidc.finish(code, callbackUrl(ctx), kept[1], kept[2]);
        } catch (NgsiLdException refused) {
            if (refused.type() != ErrorType.UNAUTHORIZED) {
                throw refused;
            }
            audit.record(Principal.ANONYMOUS, "", "GET /console/oidc/callback", null, 401);
            refuse(ctx);
            return;
        }
        gate.startSession(ctx, sessions.start(signedIn.principal(), signedIn.idToken()));
        audit.record(signedIn.principal(), "", "GET /console/oidc/callback", null, 200);
        String returnTo;
        try {
            returnTo = ReturnPath.safe(new String(Base64.getUrlDecoder().decode(kept[3]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException unreadable) {
            returnTo = ReturnPath.HOME;
        }
        ConsoleTexts texts = gate.texts(ctx);
        pages.html(ctx, "continue", gate.view(ctx, texts, null, null), Map.of("returnTo", returnTo));
    }

    private void refuse(Context ctx) {
        ConsoleTexts texts = gate.texts(ctx);
        pages.html(ctx, 401, "refused", gate.view(ctx, texts, null, null), Map.of("message", texts.get("signin.error.oidc")));
    }
}
