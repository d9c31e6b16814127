package be.belfort.federation;

import java.util.Map;

/**
 * Where the figures of registrations and registration subscriptions are kept, shared by every node on the
 * database: each node adds what it counted since it last did, so nothing one node counts is lost to another's.
 */
public interface FigureStore {
    /** What figures are of: the sources of registrations, or the receivers of registration subscriptions. */
    enum Kind { REGISTRATION, SUBSCRIPTION }

    /** One registration's or subscription's figures. */
    record Key(String tenant, String id) {
    }

    /** Adds these counts to those kept (the last times: the later of both). */
    void add(Kind kind, Map<Key, Figures> counted);

    /** The figures kept for the tenant's registrations or subscriptions, by id. */
    Map<String, Figures> read(Kind kind, String tenant);

    void remove(Kind kind, String tenant, String id);
}
