package be.belfort.server.features;

import be.belfort.api.Feature;
import be.belfort.api.contexts.ContextRoutes;

/** The @context API: the contexts the platform hosts for its clients, and the cache of the contexts it fetched. */
public final class ContextsFeature {
    private ContextsFeature() {
    }

    public static Feature wire(Core core) {
        return Feature.ofRoutes("contexts", new ContextRoutes(core.contextStore(), core.remoteContexts(), core.contexts(),
                core.in(), core.out(), core.json(), core.settings().contexts().maxBytes()));
    }
}
