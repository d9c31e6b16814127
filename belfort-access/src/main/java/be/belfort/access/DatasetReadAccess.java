package be.belfort.access;

import be.belfort.model.ReadAccess;
import be.belfort.model.ReadScope;
import be.belfort.model.Reader;
import be.belfort.opendata.AccessLevel;
import be.belfort.opendata.Datasets;
import be.belfort.security.AccessPolicy;
import be.belfort.security.ApiKeys;
import be.belfort.security.BearerTokens;
import be.belfort.security.Principal;
import be.belfort.security.Role;

import java.util.Map;
import java.util.Set;

/**
 * What a reader may see in a tenant, by dataset access level: open datasets for anyone; restricted ones
 * (every type no publisher opened) for readers of the tenant; personal ones, and attributes a dataset marks
 * personal, for its publishers. Every read path asks this, requests with their principal and notifications
 * with their subscription's reader; what may not be seen does not exist for the reader (404, empty lists,
 * attributes left out).
 */
public final class DatasetReadAccess implements ReadAccess {
    private final AccessPolicy policy;
    private final Datasets datasets;
    private final ApiKeys keys;

    public DatasetReadAccess(AccessPolicy policy, Datasets datasets, ApiKeys keys) {
        this.policy = policy;
        this.datasets = datasets;
        this.keys = keys;
    }

    /**
     * What a subscription's reader may read now: as its key allows, or as anyone once the key is revoked. A
     * subscription made with a bearer token keeps the role the token gave in its tenant: the platform sees
     * no token of that subject between notifications.
     */
    @Override
    public ReadScope scope(Reader reader, String tenant) {
        boolean tokenReader = reader.id() != null && reader.id().startsWith(BearerTokens.SUBJECT_PREFIX);
        if (reader.role() == null || (!tokenReader && !keys.isActive(reader.id()))) {
            return scope(Principal.ANONYMOUS, tenant);
        }
        return scope(Principal.of(reader.id(), reader.tenant(), Role.of(reader.role())), tenant);
    }

    /** What the principal of a request may read in the tenant. */
    public ReadScope scope(Principal principal, String tenant) {
        if (!policy.enforced() || principal.holds(Role.PUBLISHER, tenant)) {
            return ReadScope.EVERYTHING;
        }
        Map<String, Set<String>> personal = datasets.personalAttributes(tenant);
        if (principal.holds(Role.READER, tenant)) {
            return new ReadScope(null, datasets.types(tenant, AccessLevel.PERSONAL), personal);
        }
        return new ReadScope(datasets.types(tenant, AccessLevel.OPEN), Set.of(), personal);
    }
}
