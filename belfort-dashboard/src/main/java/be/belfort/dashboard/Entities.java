package be.belfort.dashboard;

import be.belfort.model.Entity;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ReadScope;
import be.belfort.query.DistributedReads;
import be.belfort.query.EntityQuery;
import be.belfort.query.EntitySelector;
import be.belfort.query.Ordering;
import be.belfort.query.QueryService;
import be.belfort.query.TypeExpression;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's one way to entities: queries through the query service, limited by the viewer's scope
 * exactly as the API limits the same reader. What the viewer may not read does not exist here either. A query
 * that registered context sources may help answer takes the API's distributed path: the sources are asked (within
 * the federation's timeout) and merged with the local matches, and what they could not answer comes back as warnings.
 */
public final class Entities {
    /** One page of a query, as the API's largest page. */
    static final int PAGE = 1000;
    private static final String TYPES_PATH = "/ngsi-ld/v1/types";
    private static final String TEMPORAL_PATH = "/ngsi-ld/v1/temporal/entities/";

    private final QueryService queries;
    private final Federated federated;

    public Entities(QueryService queries) {
        this(queries, Federated.NONE);
    }

    public Entities(QueryService queries, Federated federated) {
        this.queries = queries;
        this.federated = federated;
    }

    /** The entities of a query's page, and one warning per context source that could not answer. */
    public record Found(List<Entity> entities, List<String> warnings) {
    }

    /** Whether anyone has written to the tenant, or context sources are registered in it. */
    public boolean tenantExists(String tenant) {
        return existsHere(tenant) || isFederated(tenant);
    }

    private boolean existsHere(String tenant) {
        try {
            queries.requireTenant(tenant);
            return true;
        } catch (NgsiLdException nonexistent) {
            return false;
        }
    }

    /** Whether context sources are registered in the tenant: some of its data may come from a city's own broker. */
    public boolean isFederated(String tenant) {
        return federated.reads().tenants().contains(tenant);
    }

    /** The tenants in which context sources are registered. */
    public java.util.SortedSet<String> federatedTenants() {
        return federated.reads().tenants();
    }

    /** The entity as the viewer may see it, or null when it does not exist or the viewer may not read it. */
    public Entity one(String tenant, String id, ReadScope scope) {
        List<Entity> found = find(tenant, id, scope).entities();
        return found.isEmpty() ? null : found.getFirst();
    }

    /** The entity as the viewer may see it (none, or one), and the warnings of the sources that could not answer. */
    public Found find(String tenant, String id, ReadScope scope) {
        return query(tenant, new EntityQuery(List.of(new EntitySelector(List.of(id), null, null)), List.of(), null,
                null, null, 1, 0, false).readableBy(scope));
    }

    /** Whether the entity is kept here, in the region's own store (not only at a city's broker). */
    public boolean keptHere(String tenant, String id) {
        EntityQuery query = new EntityQuery(List.of(new EntitySelector(List.of(id), null, null)), List.of(), null,
                null, null, 1, 0, false);
        return !local(tenant, query).entities().isEmpty();
    }

    /** The entities of one type the viewer may see, in id order, at most {@code max}. */
    public List<Entity> ofType(String tenant, String type, ReadScope scope, int max) {
        return ofType(tenant, type, scope, max, new ArrayList<>());
    }

    /**
     * The entities of one type the viewer may see, in id order, at most {@code max}; the warnings of the context
     * sources that could not answer are added to {@code warnings}.
     */
    public List<Entity> ofType(String tenant, String type, ReadScope scope, int max, List<String> warnings) {
        List<Entity> all = new ArrayList<>();
        while (all.size() < max) {
            int limit = Math.min(PAGE, max - all.size());
            Found page = query(tenant, typeQuery(type, scope, limit, all.size()));
            all.addAll(page.entities());
            warnings.addAll(page.warnings());
            if (page.entities().size() < limit || !page.warnings().isEmpty()) {
                break;
            }
        }
        return all;
    }

    /** A page of the entities of one type the viewer may see, in id order. */
    public EntityQuery typeQuery(String type, ReadScope scope, int limit, int offset) {
        return new EntityQuery(List.of(new EntitySelector(List.of(), null, new TypeExpression.Name(type))),
                List.of(), null, null, null, limit, offset, false).readableBy(scope);
    }

    /** When the newest change the viewer may see of a type was made here, or null when it sees none. */
    public Instant newestChange(String tenant, String type, ReadScope scope) {
        EntityQuery query = new EntityQuery(List.of(new EntitySelector(List.of(), null, new TypeExpression.Name(type))),
                List.of(), null, null, null, 1, 0, false).readableBy(scope)
                .ordered(new Ordering(List.of(new Ordering.Key(new Ordering.EntityMember("modifiedAt"), true))));
        List<Entity> newest = local(tenant, query).entities();
        return newest.isEmpty() ? null : newest.getFirst().modifiedAt();
    }

    /**
     * The entity types (IRIs) the tenant's context sources hold that the viewer may read, asked as the API's type
     * discovery asks them; the warnings of the sources that could not answer are added to {@code warnings}.
     */
    public List<String> typesAtSources(String tenant, ReadScope scope, List<String> warnings) {
        DistributedReads.DocumentRead read = new DistributedReads.DocumentRead(
                DistributedReads.DocumentKind.ENTITY_TYPES, TYPES_PATH, null, null, scope, federated.expand());
        if (!federated.reads().concerns(tenant, read)) {
            return List.of();
        }
        DistributedReads.DocumentAnswer answer = federated.reads().read(forward(tenant, Map.of()), read,
                () -> DistributedReads.Document.NONE);
        warnings.addAll(answer.warnings());
        List<String> types = new ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode body = answer.document().body();
        if (body != null) {
            body.path("typeList").forEach(name -> types.add(federated.expand().apply(name.asText())));
        }
        return types;
    }

    /**
     * The history of one entity as the tenant's context sources answer the API's distributed temporal retrieval
     * (in the core @context, trimmed to the viewer's scope), or null when no source serves it or none answered.
     *
     * @param parameters the temporal retrieval's parameters (attrs in IRIs, the time range, the representation)
     */
    public com.fasterxml.jackson.databind.JsonNode historyAtSources(String tenant, String entityId,
                                                                    Map<String, List<String>> parameters,
                                                                    ReadScope scope) {
        DistributedReads.DocumentRead read = new DistributedReads.DocumentRead(
                DistributedReads.DocumentKind.TEMPORAL_ENTITY, TEMPORAL_PATH
                + java.net.URLEncoder.encode(entityId, java.nio.charset.StandardCharsets.UTF_8), null, entityId, scope,
                federated.expand());
        if (!federated.reads().concerns(tenant, read)) {
            return null;
        }
        return federated.reads().read(forward(tenant, parameters), read, () -> DistributedReads.Document.NONE)
                .document().body();
    }

    /** A page of a query: merged with the context sources' matches when they may hold some. */
    public Found query(String tenant, EntityQuery query) {
        DistributedReads reads = federated.reads();
        if (!reads.concerns(tenant, query)) {
            return new Found(queries.query(tenant, query).entities(), List.of());
        }
        DistributedReads.Answer answer = reads.query(forward(tenant, parameters(query)), query,
                () -> local(tenant, query.firstPages()));
        return new Found(answer.entities(), answer.warnings());
    }

    /** The local matches; none when nothing of the tenant is kept here (its data is all at its sources). */
    private EntityQuery.Page local(String tenant, EntityQuery query) {
        try {
            return queries.query(tenant, query);
        } catch (NgsiLdException e) {
            if (e.type() == ErrorType.NONEXISTENT_TENANT || e.type() == ErrorType.RESOURCE_NOT_FOUND) {
                return new EntityQuery.Page(List.of(), query.count() ? 0L : null);
            }
            throw e;
        }
    }

    /**
     * The request as the sources get it: the dashboard's query in IRIs (which every @context leaves as they are), in
     * the core @context, from no client (the dashboard's own reads pass no Via).
     */
    private DistributedReads.Forward forward(String tenant, Map<String, List<String>> parameters) {
        return new DistributedReads.Forward(tenant, parameters, null, null, federated.reader(), null);
    }

    /** The selecting parameters of the dashboard's queries: the type, or the ids, of their one selector. */
    private static Map<String, List<String>> parameters(EntityQuery query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (EntitySelector selector : query.selectors()) {
            if (selector.type() != null) {
                parameters.put("type", List.of(String.join(",", selector.type().names())));
            }
            if (!selector.ids().isEmpty()) {
                parameters.put("id", List.of(String.join(",", selector.ids())));
            }
        }
        return parameters;
    }
}
