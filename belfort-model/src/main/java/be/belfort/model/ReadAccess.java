package be.belfort.model;

/**
 * What a reader may see in a tenant, asked at the moment of reading: a subscriber only ever receives what it
 * may read when a notification is made, even if its key was revoked or a dataset closed since it subscribed.
 */
public interface ReadAccess {

    /** Every reader sees everything: access control is off. */
    ReadAccess EVERYTHING = (reader, tenant) -> ReadScope.EVERYTHING;

    ReadScope scope(Reader reader, String tenant);
}
