package be.belfort.subscriptions;

import be.belfort.query.TypeScope;

/**
 * What a subscription's owner may read, asked at notification time: a subscriber only ever receives what
 * it may read then, even if its key was revoked or a dataset closed since it subscribed.
 */
public interface ReadCheck {

    /** Every owner reads everything: access control is off. */
    ReadCheck EVERYTHING = (owner, tenant) -> null;

    /** The types the owner may see in the tenant now; null for everything. */
    TypeScope scope(Owner owner, String tenant);

    /**
     * Who created a subscription: the id, tenant and role of their key (all null when access control was
     * off then, which makes them anonymous once it is on).
     */
    record Owner(String id, String tenant, String role) {
        public static final Owner NONE = new Owner(null, null, null);
    }
}
