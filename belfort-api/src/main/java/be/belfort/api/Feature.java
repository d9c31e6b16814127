package be.belfort.api;

import be.belfort.model.PeriodicTask;

import java.util.List;

/**
 * One capability of the platform as the server composes it: the routes it serves, the work it does in the
 * background, and what it must stop on shutdown. Each feature wires its own store, service and routes in one
 * factory of its own (for example {@code SubscriptionsFeature.wire(...)}); the platform only composes the list.
 * A feature's factory knows its store and its routes, never Javalin and JDBC in one class.
 *
 * @param name the capability, as logs and docs name it ("entities", "subscriptions", "ingestion")
 * @param routes registered in order; a feature that serves nothing over HTTP has none
 * @param tasks run periodically while the platform runs
 * @param stop closed in reverse order when the platform stops, after the server stopped taking requests
 */
public record Feature(String name, List<RouteGroup> routes, List<PeriodicTask> tasks, List<AutoCloseable> stop) {
    public Feature {
        routes = List.copyOf(routes);
        tasks = List.copyOf(tasks);
        stop = List.copyOf(stop);
    }

    /** A feature that only serves routes. */
    public static Feature ofRoutes(String name, RouteGroup... routes) {
        return new Feature(name, List.of(routes), List.of(), List.of());
    }
}
