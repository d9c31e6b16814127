package be.belfort.console.http;

import be.belfort.api.RouteGroup;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The console's own style sheet (forms and notices, on top of the dashboard's), under a hash of its content so
 * that it may be cached for a year.
 */
final class ConsoleAssets implements RouteGroup {
    private static final String RESOURCE = "/be/belfort/console/assets/console.css";

    private final byte[] stylesheet;
    private final String url;

    ConsoleAssets() {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The console's style sheet is missing from its jar");
            }
            stylesheet = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stylesheet)).substring(0, 12);
            url = ConsoleView.ROOT + "/assets/" + hash + "/console.css";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String stylesheetUrl() {
        return url;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(url, this::serve);
    }

    private void serve(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType("text/css; charset=utf-8").result(stylesheet);
    }
}
