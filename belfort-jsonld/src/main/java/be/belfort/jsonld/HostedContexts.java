package be.belfort.jsonld;

import be.belfort.model.ContextStore;
import be.belfort.model.Members;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The @context administration of clause 5.13: contexts the platform hosts for its clients (added, listed, served,
 * deleted) and the remote contexts it has fetched and cached (listed, served, evicted, fetched again). Any change
 * empties the processed-context cache, so that no request goes on using a context that is gone.
 */
public final class HostedContexts {
    private final ContextStore store;
    private final RemoteContexts remote;
    private final ContextResolver resolver;
    private final Clock clock;

    public HostedContexts(ContextStore store, RemoteContexts remote, ContextResolver resolver, Clock clock) {
        this.store = store;
        this.remote = remote;
        this.resolver = resolver;
        this.clock = clock;
    }

    /**
     * Hosts a context document ({@code {"@context": ...}}) after checking that it can be processed; returns its new
     * local id.
     */
    public String host(String tenant, JsonNode document) {
        JsonNode context = document.get(Members.CONTEXT);
        if (!document.isObject() || context == null || !(context.isObject() || context.isArray() || context.isTextual())) {
            throw NgsiLdException.badData("Send an object with an @context member: {\"@context\": {...}}");
        }
        resolver.fromBody(context);
        String id = UUID.randomUUID().toString();
        store.save(new ContextStore.HostedContext(id, document.toString(), clock.instant(), tenant));
        return id;
    }

    /** The contexts the tenant hosts. */
    public List<ContextStore.HostedContext> hosted(String tenant) {
        return store.list().stream().filter(hosted -> hosted.tenant().equals(tenant)).toList();
    }

    public List<RemoteContexts.Cached> cached() {
        return remote.cached();
    }

    /** A hosted context as a request in this tenant may see it (see {@link ContextStore.HostedContext#visibleTo}). */
    public Optional<ContextStore.HostedContext> hosted(String tenant, String id) {
        return store.find(id).filter(hosted -> hosted.visibleTo(tenant));
    }

    public Optional<RemoteContexts.Cached> cached(String url) {
        return remote.find(url);
    }

    /** Fetches a cached context again; a hosted one cannot be reloaded (400), an unknown one is 404. */
    public void reload(String tenant, String id) {
        if (hosted(tenant, id).isPresent()) {
            throw NgsiLdException.badData("Only cached @contexts can be reloaded; " + id + " is hosted");
        }
        if (!remote.reload(id)) {
            throw NgsiLdException.notFound("No cached @context " + id);
        }
        resolver.clear();
    }

    /** Deletes a hosted context, or evicts a cached one; 404 when it is neither. */
    public void delete(String tenant, String id) {
        // a hosted context is deleted within its own tenant (or by a request naming none); to another it does not exist
        boolean hostedHere = hosted(tenant, id).isPresent();
        if (!(hostedHere && store.delete(id)) && !remote.evict(id)) {
            throw NgsiLdException.notFound("No hosted or cached @context " + id);
        }
        resolver.clear();
    }
}
