package be.belfort.console.http;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.Map;

/**
 * The console's templates (compiled at build time into their own package) and the headers of every page:
 * scripts and styles from the platform only, never framed, never cached by anyone but the person's browser.
 */
final class ConsolePages {
    private static final String HTML = "text/html; charset=utf-8";
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
            + " frame-ancestors 'none'";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
            ConsolePages.class.getClassLoader(), "be.belfort.console.pages");

    void html(Context ctx, int status, String template, ConsoleView view, Map<String, Object> parameters) {
        Map<String, Object> all = new HashMap<>(parameters);
        all.put("view", view);
        StringOutput out = new StringOutput();
        engine.render(template + ".jte", all, out);
        headers(ctx, view);
        ctx.status(status).contentType(HTML).result(out.toString());
    }

    void html(Context ctx, String template, ConsoleView view, Map<String, Object> parameters) {
        html(ctx, 200, template, view, parameters);
    }

    /** The same answer for what does not exist and what the person may not see: nothing leaks. */
    void notFound(Context ctx, ConsoleView view) {
        html(ctx, 404, "notfound", view, Map.of());
    }

    static void headers(Context ctx, ConsoleView view) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("Content-Language", view.lang());
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
    }
}
