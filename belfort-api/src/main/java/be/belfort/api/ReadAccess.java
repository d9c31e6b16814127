package be.belfort.api;

import be.belfort.model.Entity;
import be.belfort.model.NgsiLdException;
import be.belfort.opendata.AccessLevel;
import be.belfort.opendata.Datasets;
import be.belfort.query.TypeScope;
import be.belfort.security.AccessPolicy;
import be.belfort.security.ApiKeys;
import be.belfort.security.BearerTokens;
import be.belfort.subscriptions.ReadCheck;
import be.belfort.security.Principal;
import be.belfort.security.Role;
import io.javalin.http.Context;

import java.util.Map;
import java.util.Set;

/**
 * What a reader may see in a tenant, by dataset access level: open datasets for anyone; restricted ones
 * (every type no publisher opened) for readers of the tenant; personal ones, and attributes a dataset marks
 * personal, for its publishers. Every read path asks this; what may not be seen does not exist for the
 * reader (404, empty lists, attributes left out).
 */
public final class ReadAccess implements ReadCheck {
    private final AccessPolicy policy;
    private final Datasets datasets;
    private final ApiKeys keys;

    public ReadAccess(AccessPolicy policy, Datasets datasets, ApiKeys keys) {
        this.policy = policy;
        this.datasets = datasets;
        this.keys = keys;
    }

    /** The types the request's principal may see in the tenant; null when it may see everything. */
    public TypeScope scope(Context ctx, String tenant) {
        return scope(AccessControl.principal(ctx), tenant);
    }

    /**
     * What a subscription's owner may read now: as its key allows, or as anyone once the key is revoked. A
     * subscription made with a bearer token keeps the role the token gave in its tenant: the platform sees
     * no token of that subject between notifications.
     */
    @Override
    public TypeScope scope(Owner owner, String tenant) {
        boolean tokenOwner = owner.id() != null && owner.id().startsWith(BearerTokens.SUBJECT_PREFIX);
        if (owner.role() == null || (!tokenOwner && !keys.isActive(owner.id()))) {
            return scope(Principal.ANONYMOUS, tenant);
        }
        return scope(Principal.of(owner.id(), owner.tenant(), Role.of(owner.role())), tenant);
    }

    private TypeScope scope(Principal principal, String tenant) {
        if (!policy.enforced() || principal.holds(Role.PUBLISHER, tenant)) {
            return null;
        }
        Map<String, Set<String>> personal = datasets.personalAttributes(tenant);
        if (principal.holds(Role.READER, tenant)) {
            return new TypeScope(null, datasets.types(tenant, AccessLevel.PERSONAL), personal);
        }
        return new TypeScope(datasets.types(tenant, AccessLevel.OPEN), Set.of(), personal);
    }

    /**
     * The entity as the principal may see it (without hidden attributes); 404 for an entity it may not
     * see at all, just as for one that does not exist.
     */
    public Entity require(Context ctx, String tenant, Entity entity) {
        return require(scope(ctx, tenant), entity);
    }

    /** The same, for a scope the caller already has. */
    public static Entity require(TypeScope scope, Entity entity) {
        if (scope == null) {
            return entity;
        }
        if (!scope.allows(entity)) {
            throw NgsiLdException.notFound("Entity not found: " + entity.id());
        }
        return scope.trim(entity);
    }
}
