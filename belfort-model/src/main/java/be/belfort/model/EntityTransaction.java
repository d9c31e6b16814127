package be.belfort.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The writes of one tenant inside one transaction; rows read here stay locked until commit. */
public interface EntityTransaction {

    /** The store's own side of this transaction, which its other adapters join. */
    UnitOfWork unitOfWork();

    Optional<Entity> findForUpdate(String id);

    /** The existing entities among the ids, locked, keyed by id. */
    Map<String, Entity> findAllForUpdate(Collection<String> ids);

    /**
     * Like {@link #findAllForUpdate} without waiting for any lock: the existing entities among the ids that no other
     * transaction holds, locked, and the ids of those another transaction holds (left alone).
     */
    default Available lockAvailable(Collection<String> ids) {
        return new Available(findAllForUpdate(ids), Set.of());
    }

    /** Entities locked by this transaction, and the ids of existing ones that another transaction holds. */
    record Available(Map<String, Entity> entities, Set<String> heldElsewhere) {
    }

    /**
     * Locks the existing entities among the ids and gives their creation times: all that replacing
     * them needs, without reading their attributes.
     */
    Map<String, Instant> lockCreationTimes(Collection<String> ids);

    /** Inserts new entities and rewrites existing ones, in few round trips. */
    void write(Collection<Entity> inserts, Collection<Entity> updates);

    /** Deletes the entities; returns how many existed. */
    int delete(Collection<String> ids);

    /** Records instances of an entity's attributes in its history only, at {@code recordedAt}. */
    void recordHistory(String entityId, Map<String, List<ObjectNode>> instances, Instant recordedAt);

    /** Locks and reads up to {@code limit} expired transient entities, skipping rows other transactions hold. */
    List<Entity> lockExpired(int limit);

    /** Locks and reads up to {@code limit} entities holding expired attribute instances, skipping locked rows. */
    List<Entity> lockWithExpiredAttributes(int limit);

    /** Records in the history that these entities, read for update, are deleted with all their attributes. */
    void recordDeletion(Collection<Entity> deleted, Instant at);
}
