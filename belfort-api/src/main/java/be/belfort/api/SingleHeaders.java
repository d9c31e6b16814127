package be.belfort.api;

import be.belfort.model.NgsiLdException;
import io.javalin.http.Context;

import java.util.Collections;
import java.util.List;

/**
 * Headers that must name one thing are sent once: a request with two tenants or two credentials is refused
 * rather than read by its first, which a proxy or a later reader might not agree on.
 */
final class SingleHeaders {
    private static final List<String> SINGLE = List.of(RequestReader.TENANT_HEADER, "X-API-Key", "Authorization");

    private SingleHeaders() {
    }

    static void require(Context ctx) {
        for (String name : SINGLE) {
            if (Collections.list(ctx.req().getHeaders(name)).size() > 1) {
                throw NgsiLdException.badData("The " + name + " header may be sent once, not several times");
            }
        }
    }
}
