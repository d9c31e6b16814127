package be.belfort.query;

import be.belfort.model.ReadScope;
import be.belfort.model.EntityService;

import java.util.List;

/** Queries and discovery within one tenant; a tenant nobody has written to is an error, as for every read. */
public final class QueryService {
    private final EntityService entities;
    private final EntityFinder finder;

    public QueryService(EntityService entities, EntityFinder finder) {
        this.entities = entities;
        this.finder = finder;
    }

    /** A page of the entities the query matches, each as its reader may see it. */
    public EntityQuery.Page query(String tenant, EntityQuery query) {
        entities.requireTenant(tenant);
        EntityQuery.Page page = finder.find(tenant, query);
        ReadScope readable = query.readable();
        if (readable.hidden().isEmpty()) {
            return page;
        }
        return new EntityQuery.Page(page.entities().stream().map(readable::trim).toList(), page.total());
    }

    public List<String> typeNames(String tenant) {
        entities.requireTenant(tenant);
        return finder.typeNames(tenant);
    }

    public List<EntityFinder.TypeInfo> types(String tenant, String onlyType) {
        entities.requireTenant(tenant);
        return finder.types(tenant, onlyType);
    }

    public List<String> attributeNames(String tenant) {
        entities.requireTenant(tenant);
        return finder.attributeNames(tenant);
    }

    public List<EntityFinder.AttributeInfo> attributes(String tenant, String onlyAttribute, ReadScope readable) {
        entities.requireTenant(tenant);
        return finder.attributes(tenant, onlyAttribute, readable);
    }
}
