package be.belfort.api;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * CORS on every path, so that a web page can use the open data and the API: a preflight ({@code OPTIONS}
 * with {@code Access-Control-Request-Method}) is answered 204 here, with the methods and headers the platform
 * takes and how long a browser may keep the answer; every other answer to a page of an allowed origin says
 * which of its headers a script may read ({@code ETag}, {@code Link}, {@code NGSILD-Results-Count}, ...).
 *
 * <p>Jetty's own {@code CrossOriginHandler} echoes the origin and varies on it, which splits shared caches
 * per origin; open data is the same for everyone, so its paths answer {@code *}. No answer allows credentials.
 */
final class CrossOrigin extends Handler.Wrapper {
    static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Accept, Accept-Language, Authorization, Content-Type, If-Match, If-None-Match,"
            + " If-Modified-Since, Link, NGSILD-EntityMap, NGSILD-Tenant, X-API-Key";
    static final String EXPOSED_HEADERS = "Content-Location, Content-Range, ETag, Link, Location, NGSILD-EntityMap,"
            + " NGSILD-Results-Count, NGSILD-Tenant, Preference-Applied, Retry-After";
    static final long MAX_AGE_SECONDS = 86_400;

    private static final HttpField ANY = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    private static final HttpField EXPOSE = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    private static final HttpField METHODS = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
    private static final HttpField HEADERS = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
    private static final HttpField MAX_AGE = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_MAX_AGE,
            Long.toString(MAX_AGE_SECONDS));
    private static final HttpField VARY_ORIGIN = new PreEncodedHttpField(HttpHeader.VARY, "Origin");

    private final CorsPolicy policy;

    CrossOrigin(CorsPolicy policy) {
        this.policy = policy;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String path = Request.getPathInContext(request);
        boolean restricted = !policy.anyApiOrigin() && !isOpenData(path);
        HttpFields.Mutable headers = response.getHeaders();
        if (restricted) {
            // The answer depends on the origin only where origins are restricted.
            headers.ensureField(VARY_ORIGIN);
        }
        // Where any origin may read, every answer says so, with or without an Origin: a cache may then serve
        // the same answer to every page.
        boolean allowed = restricted ? origin != null && policy.allowsApiOrigin(origin) : true;
        if (allowed) {
            headers.put(restricted ? new HttpField(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin) : ANY);
        }
        if (origin != null && isPreflight(request)) {
            if (allowed) {
                headers.put(METHODS);
                headers.put(HEADERS);
                headers.put(MAX_AGE);
            }
            response.setStatus(204);
            callback.succeeded();
            return true;
        }
        if (allowed) {
            headers.put(EXPOSE);
        }
        return super.handle(request, response, callback);
    }

    /** Paths anyone may read, from any page: the root, the catalogue, the datasets, their streams and downloads. */
    static boolean isOpenData(String path) {
        return path == null || path.equals("/") || path.equals("/catalog") || path.startsWith("/catalog/")
                || path.startsWith("/datasets/");
    }

    private static boolean isPreflight(Request request) {
        return "OPTIONS".equals(request.getMethod())
                && request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD) != null;
    }
}
