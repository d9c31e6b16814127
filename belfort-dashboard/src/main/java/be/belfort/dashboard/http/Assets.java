package be.belfort.dashboard.http;

import be.belfort.api.RenderedBody;
import be.belfort.api.ResponseWriter;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browser's files, served by the platform itself: the WebJars (Leaflet, uPlot, htmx) under their own
 * version and the dashboard's script and style sheet under a hash of their content (the console's pages use them too). A path names one version
 * for ever, so every answer may be cached for a year ({@code immutable}); a new version is a new path.
 */
public final class Assets {
    static final String PREFIX = "/dashboard/assets";
    private static final String OWN = "belfort";
    private static final String OWN_ROOT = "be/belfort/dashboard/assets/";
    private static final String WEBJARS_ROOT = "META-INF/resources/webjars/";
    static final String CACHE_FOREVER = "public, max-age=31536000, immutable";
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "png", "image/png",
            "svg", "image/svg+xml", "map", "application/json");

    private final Map<String, String> versions;
    /**
     * The files asked so far, each with its gzip made once: every browser's first visit asks the same few (a few
     * hundred kB), which Jetty compressed again for each.
     */
    private final Map<String, RenderedBody> kept = new ConcurrentHashMap<>();

    public Assets() {
        Properties webjars = new Properties();
        try (InputStream in = Assets.class.getResourceAsStream("/be/belfort/dashboard/webjars.properties")) {
            webjars.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("The dashboard's list of WebJar versions is missing from its jar", e);
        }
        java.util.HashMap<String, String> all = new java.util.HashMap<>();
        webjars.forEach((name, version) -> all.put((String) name, (String) version));
        all.put(OWN, contentHash("dashboard.js", "dashboard.css"));
        versions = Map.copyOf(all);
    }

    /** The URL of a file of a library ("leaflet", "uplot", "htmx.org", or "belfort" for the dashboard's own). */
    public String url(String library, String file) {
        return PREFIX + "/" + library + "/" + versions.get(library) + "/" + file;
    }

    void register(JavalinDefaultRoutingApi app) {
        app.get(PREFIX + "/{library}/{version}/<file>", this::serve);
    }

    private void serve(Context ctx) throws IOException {
        String library = ctx.pathParam("library");
        String file = ctx.pathParam("file");
        String version = versions.get(library);
        String extension = file.substring(file.lastIndexOf('.') + 1);
        if (version == null || !version.equals(ctx.pathParam("version")) || file.contains("..") || file.contains("\\")
                || !TYPES.containsKey(extension)) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("Not found");
            return;
        }
        String resource = library.equals(OWN) ? OWN_ROOT + file : WEBJARS_ROOT + library + "/" + version + "/" + file;
        RenderedBody body = kept.get(resource);
        if (body == null) {
            body = read(resource);
            if (body != null) {
                // only files of the jar: a path that names none is not kept, so the memory holds the jar at most
                kept.putIfAbsent(resource, body);
            }
        }
        if (body == null) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("Not found");
            return;
        }
        ctx.header("Cache-Control", CACHE_FOREVER);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(TYPES.get(extension));
        if (extension.equals("png")) {
            ctx.result(body.plain());
        } else {
            ResponseWriter.send(ctx, body);
        }
    }

    /** A file of the jar, or null. */
    private static RenderedBody read(String resource) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new RenderedBody(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("The dashboard's " + resource + " could not be read from its jar", e);
        }
    }

    private static String contentHash(String... files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : files) {
                try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(OWN_ROOT + file)) {
                    if (in == null) {
                        throw new IllegalStateException("The dashboard's " + file + " is missing from its jar");
                    }
                    digest.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
