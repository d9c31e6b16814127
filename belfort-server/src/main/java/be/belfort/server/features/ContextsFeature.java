package be.belfort.server.features;

import be.belfort.api.Feature;
import be.belfort.api.contexts.ContextRoutes;
import be.belfort.jsonld.HostedContexts;

/** The @context API: the contexts the platform hosts for its clients, and the cache of the contexts it fetched. */
public final class ContextsFeature {
    private ContextsFeature() {
    }

    public static Feature wire(Core core) {
        HostedContexts contexts = new HostedContexts(core.contextStore(), core.remoteContexts(), core.contexts(),
                core.clock());
        return Feature.ofRoutes("contexts", new ContextRoutes(contexts, core.in(), core.out(), core.json(),
                core.settings().contexts().maxBytes()));
    }
}
