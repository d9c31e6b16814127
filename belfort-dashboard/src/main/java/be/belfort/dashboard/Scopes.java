package be.belfort.dashboard;

import be.belfort.model.ReadScope;

/** What the viewer of a page may read in each tenant: the same scope the API gives the same principal. */
@FunctionalInterface
public interface Scopes {
    ReadScope in(String tenant);
}
