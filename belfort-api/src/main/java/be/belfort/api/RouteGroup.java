package be.belfort.api;

import io.javalin.router.JavalinDefaultRoutingApi;

/** The HTTP routes of one part of a feature, registered on the server at start. */
@FunctionalInterface
public interface RouteGroup {
    void register(JavalinDefaultRoutingApi app);
}
