package be.belfort.console.http;

import be.belfort.api.AccessControl;
import be.belfort.api.ClientAddresses;
import be.belfort.api.RouteGroup;
import be.belfort.console.Session;
import be.belfort.security.RateLimits;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * Keeps every console request to its client's rate limit, as the API keeps its requests: a signed-in person
 * counts as the key or token subject they signed in with (sharing that principal's bucket with its API calls),
 * anyone else as their address. The API's access check leaves the console's paths to this, since only the
 * console knows its sessions.
 */
final class RateLimit implements RouteGroup {
    private final Gate gate;
    private final RateLimits limits;
    private final ClientAddresses addresses;

    RateLimit(Gate gate, RateLimits limits, ClientAddresses addresses) {
        this.gate = gate;
        this.limits = limits;
        this.addresses = addresses;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.before(this::take);
    }

    private void take(Context ctx) {
        String path = ctx.path();
        if (!path.equals(ConsoleView.ROOT) && !path.startsWith(ConsoleView.ROOT + "/")) {
            return;
        }
        Session session = gate.signedIn(ctx);
        AccessControl.throttle(ctx, session == null ? limits.take(addresses.of(ctx), false)
                : limits.take(session.principalId(), true));
    }
}
