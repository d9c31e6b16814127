package be.belfort.console;

import be.belfort.jsonld.ContextResolver;
import be.belfort.subscriptions.DeliveryStatus;
import be.belfort.subscriptions.Dispatcher;
import be.belfort.subscriptions.Endpoint;
import be.belfort.subscriptions.Subscriptions;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A city's subscriptions with their delivery figures, and pausing and resuming one: an update of its
 * {@code isActive} through the same {@code Subscriptions} service as
 * {@code PATCH /ngsi-ld/v1/subscriptions/{id}}.
 */
public final class CitySubscriptions {
    private final Subscriptions subscriptions;
    private final Dispatcher dispatcher;
    private final ContextResolver contexts;
    private final Clock clock;

    public CitySubscriptions(Subscriptions subscriptions, Dispatcher dispatcher, ContextResolver contexts, Clock clock) {
        this.subscriptions = subscriptions;
        this.dispatcher = dispatcher;
        this.contexts = contexts;
        this.clock = clock;
    }

    /**
     * One subscription as the page shows it.
     *
     * @param receiver the endpoint without its user information or query (which may hold credentials)
     * @param reason   why the subscription was stopped, else why its last attempt failed (kept with its figures); or null
     * @param queued   notifications waiting in memory for this receiver (shared by its subscriptions)
     */
    public record Row(String id, String status, String receiver, long timesSent, long timesFailed, Instant lastSuccess,
                      Instant lastFailure, String reason, int queued) {
        public boolean paused() {
            return "paused".equals(status);
        }
    }

    public List<Row> list(String tenant) {
        Instant now = clock.instant();
        return subscriptions.list(tenant).stream().map(entry -> {
            DeliveryStatus.Snapshot figures = entry.status().snapshot();
            Endpoint endpoint = entry.subscription().notification().endpoint();
            String reason = figures.stoppedBecause() != null ? figures.stoppedBecause() : entry.status().lastFailureReason();
            return new Row(entry.subscription().id(), entry.subscription().status(now), shown(endpoint.uri()),
                    figures.timesSent(), figures.timesFailed(), figures.lastSuccess(), figures.lastFailure(), reason,
                    dispatcher.queued(endpoint.queueKey()));
        }).toList();
    }

    /** The subscription of the tenant with this id, if there is one. */
    public Optional<Row> find(String tenant, String id) {
        return list(tenant).stream().filter(row -> row.id().equals(id)).findFirst();
    }

    /** Pauses ({@code active} false) or resumes the subscription; 404 when the tenant has none with this id. */
    public void setActive(String tenant, String id, boolean active) {
        ObjectNode fragment = JsonNodeFactory.instance.objectNode().put("isActive", active);
        subscriptions.update(tenant, id, fragment, contexts.core(), contexts.core().reference());
    }

    private static String shown(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return uri.getScheme() + ":…";
        }
    }
}
