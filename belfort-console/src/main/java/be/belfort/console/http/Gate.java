package be.belfort.console.http;

import be.belfort.console.ConsoleTexts;
import be.belfort.console.ReturnPath;
import be.belfort.console.Session;
import be.belfort.console.Sessions;
import be.belfort.dashboard.Cities;
import be.belfort.dashboard.Language;
import be.belfort.dashboard.http.Assets;
import be.belfort.dashboard.http.DashboardRoutes;
import be.belfort.security.Role;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.util.Map;

/**
 * The way into every console page: the session of the request's cookie (or a redirect to the sign-in page that
 * keeps the page asked for), the form token every post must carry, and whether the person manages the city of
 * the path (else the page does not exist for them).
 */
final class Gate {
    static final String COOKIE = "belfort-console";
    private static final String SESSION = "belfort.console.session";
    private static final int YEAR_SECONDS = 365 * 24 * 3600;

    private final Sessions sessions;
    private final boolean secureCookies;
    private final ConsolePages pages;
    private final String stylesheet;
    private final String consoleStylesheet;
    private final String script;

    Gate(Sessions sessions, boolean secureCookies, ConsolePages pages, Assets assets, String consoleStylesheet) {
        this.sessions = sessions;
        this.secureCookies = secureCookies;
        this.pages = pages;
        this.stylesheet = assets.url("belfort", "dashboard.css");
        this.consoleStylesheet = consoleStylesheet;
        this.script = assets.url("belfort", "dashboard.js");
    }

    /** The request's valid session, or null when it has none (nothing is answered). */
    Session signedIn(Context ctx) {
        Session known = ctx.attribute(SESSION);
        if (known != null) {
            return known;
        }
        Session session = ctx.cookie(COOKIE) == null ? null : sessions.resume(ctx.cookie(COOKIE)).orElse(null);
        if (session != null) {
            ctx.attribute(SESSION, session);
        }
        return session;
    }

    /** The request's valid session, or null after sending the person to sign in (coming back here afterwards). */
    Session session(Context ctx) {
        Session session = signedIn(ctx);
        if (session == null) {
            String asked = ctx.method().name().equals("GET") ? ctx.path()
                    + (ctx.queryString() == null ? "" : "?" + ctx.queryString()) : ctx.path();
            if (ctx.cookie(COOKIE) != null) {
                clearCookie(ctx);
            }
            ctx.redirect(ConsoleView.ROOT + "/sign-in?return=" + ConsoleView.query(ReturnPath.safe(asked)), 
                    io.javalin.http.HttpStatus.SEE_OTHER);
            return null;
        }
        return session;
    }

    /** True when the posted form carries the session's token; otherwise the form is refused (403) and false. */
    boolean formTokenValid(Context ctx, Session session) {
        if (Sessions.formTokenMatches(session, ctx.formParam("csrf"))) {
            return true;
        }
        ConsoleTexts texts = texts(ctx);
        pages.html(ctx, 403, "refused", view(ctx, texts, session, null), Map.of("message", texts.get("refused.form")));
        return false;
    }

    /**
     * The tenant of the path's city when the person holds {@code needed} in it; otherwise null after answering
     * the same 404 as for a city that does not exist.
     */
    String city(Context ctx, Session session, Role needed) {
        String segment = ctx.pathParam("city");
        String tenant = Cities.tenantOf(segment);
        if (!session.principal().holds(needed, tenant)) {
            pages.notFound(ctx, view(ctx, texts(ctx), session, null));
            return null;
        }
        return tenant;
    }

    void startSession(Context ctx, Sessions.Started started) {
        Cookie cookie = new Cookie(COOKIE, started.secret(), ConsoleView.ROOT, -1, secureCookies, true, null,
                SameSite.STRICT);
        ctx.cookie(cookie);
    }

    void clearCookie(Context ctx) {
        ctx.cookie(new Cookie(COOKIE, "", ConsoleView.ROOT, 0, secureCookies, true, null, SameSite.STRICT));
    }

    boolean secureCookies() {
        return secureCookies;
    }

    /** The person's language; a choice made with the switch is remembered as the dashboard remembers it. */
    ConsoleTexts texts(Context ctx) {
        Language explicit = Language.ofCode(ctx.queryParam("lang"));
        if (explicit != null) {
            Cookie cookie = new Cookie(DashboardRoutes.LANGUAGE_COOKIE, explicit.code(), "/", YEAR_SECONDS, secureCookies,
                    true, null, SameSite.LAX);
            ctx.cookie(cookie);
            return new ConsoleTexts(explicit);
        }
        return new ConsoleTexts(Language.choose(ctx.cookie(DashboardRoutes.LANGUAGE_COOKIE), ctx.header("Accept-Language")));
    }

    ConsoleView view(Context ctx, ConsoleTexts texts, Session session, String city) {
        return new ConsoleView(texts, ctx.path(), session == null ? null : session.csrfToken(),
                session == null ? null : session.principalId(), session != null && session.admin(), city,
                city != null && session != null && session.principal().holds(Role.TENANT_ADMIN, Cities.tenantOf(city)),
                stylesheet,
                consoleStylesheet, script);
    }
}
