package be.belfort.security;

import java.util.Map;

/**
 * Who sends a request: anonymous, an admin of every tenant, or the holder of a key or token with a role in
 * each of some tenants (a key has one; a token may name several).
 *
 * @param id    the key id, or the token's subject as {@code oidc:<sub>}; "anonymous" without credentials
 * @param admin true for an admin of every tenant
 * @param roles the role held in each tenant
 */
public record Principal(String id, boolean admin, Map<String, Role> roles) {
    public static final Principal ANONYMOUS = new Principal("anonymous", false, Map.of());

    public Principal {
        roles = Map.copyOf(roles);
    }

    /** A principal with {@code role} in {@code tenant}; an admin's tenant is ignored. */
    public static Principal of(String id, String tenant, Role role) {
        return role == Role.ADMIN ? new Principal(id, true, Map.of()) : new Principal(id, false, Map.of(tenant, role));
    }

    /** True for a request without credentials (valid credentials that grant nothing are not anonymous). */
    public boolean isAnonymous() {
        return equals(ANONYMOUS);
    }

    /** The role held in the tenant, or null. */
    public Role roleIn(String tenant) {
        return admin ? Role.ADMIN : tenant == null ? null : roles.get(tenant);
    }

    /** True when the principal holds {@code needed} (or more) in the tenant. */
    public boolean holds(Role needed, String inTenant) {
        Role role = roleIn(inTenant);
        if (role == null) {
            return false;
        }
        return role == Role.ADMIN || (needed != Role.ADMIN && role.includes(needed));
    }
}
