package be.belfort.api;

import io.javalin.http.Context;

import java.util.Set;

/**
 * The address of the client behind a request, for rate limits. Behind a reverse proxy every request comes
 * from the proxy; when it is one of the trusted proxies, the client is the nearest address in
 * {@code X-Forwarded-For} that is not itself a trusted proxy. Anyone else's {@code X-Forwarded-For} is
 * ignored, since a client could otherwise name a new address for every request.
 */
public final class ClientAddresses {
    private final Set<String> trustedProxies;

    /** @param trustedProxies addresses of the reverse proxies in front of the platform, as literals */
    public ClientAddresses(Set<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    public String of(Context ctx) {
        return of(ctx.ip(), ctx.header("X-Forwarded-For"));
    }

    String of(String remote, String forwardedFor) {
        if (forwardedFor == null || !trustedProxies.contains(remote)) {
            return remote;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return remote;
    }
}
