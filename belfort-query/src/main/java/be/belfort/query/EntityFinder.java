package be.belfort.query;

import be.belfort.model.ReadScope;
import be.belfort.model.Entity;
import be.belfort.model.EntityTransaction;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where queries and discovery read from. Implemented at the edge (PostgreSQL). */
public interface EntityFinder {

    /** Whether anyone has written to the tenant. */
    boolean tenantExists(String tenant);

    /** The entities of a tenant that match the query, ordered by id. */
    EntityQuery.Page find(String tenant, EntityQuery query);

    /**
     * Inside a write transaction of the tenant: reads and locks the next entities, in id order after
     * {@code after} (null for the first), that match the query's selectors, attributes, q and scope query
     * (not a geo-query), at most {@code limit}. Locking re-checks the conditions on the row as it is now.
     */
    List<Entity> lockMatching(EntityTransaction tx, EntityQuery query, String after, int limit);

    /** The entity type IRIs in use in the tenant, sorted. */
    List<String> typeNames(String tenant);

    /** Details of the entity types of the tenant, or of one type only (empty when nothing has it). */
    List<TypeInfo> types(String tenant, String onlyType);

    /** The attribute IRIs in use in the tenant, sorted. */
    List<String> attributeNames(String tenant);

    /**
     * Details of the attributes of the tenant, or of one attribute only (empty when nothing has it), over
     * the entities a reader may see and without attributes hidden from it ({@code readable}; null: all).
     */
    List<AttributeInfo> attributes(String tenant, String onlyAttribute, ReadScope readable);

    /**
     * What is known of one entity type.
     *
     * @param attributeTypes attribute IRI to the attribute types (Property, Relationship, ...) seen
     */
    record TypeInfo(String type, long entityCount, Map<String, Set<String>> attributeTypes) {
    }

    /**
     * What is known of one attribute name.
     *
     * @param attributeCount how many entities have it
     */
    record AttributeInfo(String attribute, long attributeCount, Set<String> attributeTypes, Set<String> entityTypes) {
    }
}
