package be.belfort.query;

import be.belfort.model.ReadScope;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;

import java.util.List;

/** Queries and discovery within one tenant; a tenant nobody has written to is an error, as for every read. */
public final class QueryService {
    private final EntityFinder finder;

    public QueryService(EntityFinder finder) {
        this.finder = finder;
    }

    /** Throws NonexistentTenant for a read of a tenant nobody has written to. */
    public void requireTenant(String tenant) {
        if (!finder.tenantExists(tenant)) {
            throw new NgsiLdException(ErrorType.NONEXISTENT_TENANT, "Tenant does not exist: " + tenant);
        }
    }

    /** A page of the entities the query matches, each as its reader may see it. */
    public EntityQuery.Page query(String tenant, EntityQuery query) {
        requireTenant(tenant);
        EntityQuery.Page page = finder.find(tenant, query);
        ReadScope readable = query.readable();
        if (readable.hidden().isEmpty()) {
            return page;
        }
        return new EntityQuery.Page(page.entities().stream().map(readable::trim).toList(), page.total());
    }

    /**
     * The entities the answer's relationships lead to for {@code join} (see {@link LinkedEntities}), each as the
     * reader may see it.
     */
    public java.util.Map<String, be.belfort.model.Entity> linked(String tenant, List<be.belfort.model.Entity> answer,
                                                                 Join join, ReadScope readable) {
        return LinkedEntities.collect(answer, join, ids -> readableEntities(tenant, ids, readable));
    }

    /**
     * As {@link #linked(String, List, Join, ReadScope)}, following only the links that the shapes (a nested
     * projection) follow from {@code rootShape}, each entity with the shape it was reached with.
     */
    public <S> java.util.Map<String, LinkedEntities.Reached<S>> linked(String tenant, List<be.belfort.model.Entity> answer,
                                                                       Join join, ReadScope readable, S rootShape,
                                                                       LinkedEntities.Shapes<S> shapes) {
        return LinkedEntities.collect(answer, rootShape, shapes, join, ids -> readableEntities(tenant, ids, readable));
    }

    /** One query for the entities with these ids, of the tenant, that the reader may see. */
    private List<be.belfort.model.Entity> readableEntities(String tenant, java.util.Collection<String> ids,
                                                           ReadScope readable) {
        return query(tenant, new EntityQuery(List.of(new EntitySelector(List.copyOf(ids), null, null)), List.of(),
                null, null, null, ids.size(), 0, false, readable)).entities();
    }

    public List<String> typeNames(String tenant) {
        requireTenant(tenant);
        return finder.typeNames(tenant);
    }

    public List<EntityFinder.TypeInfo> types(String tenant, String onlyType) {
        requireTenant(tenant);
        return finder.types(tenant, onlyType);
    }

    public List<String> attributeNames(String tenant) {
        requireTenant(tenant);
        return finder.attributeNames(tenant);
    }

    public List<EntityFinder.AttributeInfo> attributes(String tenant, String onlyAttribute, ReadScope readable) {
        requireTenant(tenant);
        return finder.attributes(tenant, onlyAttribute, readable);
    }
}
