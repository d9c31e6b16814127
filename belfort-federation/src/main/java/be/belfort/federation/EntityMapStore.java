package be.belfort.federation;

import java.time.Instant;

/** Where entity maps are kept, so that every node of the platform finds them. */
public interface EntityMapStore {
    void insert(EntityMap map);

    /** The map with this id in this tenant, expired or not; null when there is none. */
    EntityMap find(String tenant, String id);

    /** Replaces the map's entities and expiry; false when it is gone. */
    boolean update(EntityMap map);

    boolean delete(String tenant, String id);

    /** Removes the maps that expired before this instant; returns how many. */
    int deleteExpired(Instant now);
}
