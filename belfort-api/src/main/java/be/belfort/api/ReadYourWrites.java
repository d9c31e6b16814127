package be.belfort.api;

import be.belfort.model.ReadRouting;
import be.belfort.security.Principal;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;


/**
 * Tells the read routing whose request this is, and that it wrote, so that a client's reads after its own
 * write see that write even when reads go to a replica. A client is its key or token; without credentials,
 * its address.
 */
public final class ReadYourWrites implements RouteGroup {
    private final ReadRouting routing;
    private final ClientAddresses addresses;

    public ReadYourWrites(ReadRouting routing, ClientAddresses addresses) {
        this.routing = routing;
        this.addresses = addresses;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.before(ctx -> routing.enter(clientOf(ctx)));
        // Javalin runs the after-handlers before the answer is sent: the client's next read finds the write noted.
        app.after(ctx -> {
            try {
                if (RequestKinds.changes(ctx.method().name(), ctx.path()) && ctx.statusCode() < 400) {
                    routing.wrote();
                }
            } finally {
                routing.leave();
            }
        });
    }

    private String clientOf(Context ctx) {
        Principal principal = AccessControl.principal(ctx);
        return principal.isAnonymous() ? "address " + addresses.of(ctx) : "principal " + principal.id();
    }
}
