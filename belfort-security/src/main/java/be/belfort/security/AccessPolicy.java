package be.belfort.security;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;

/**
 * The one place that decides who may do what. Refusals are problem details that say what is needed,
 * never what exists: 401 without (valid) credentials, 403 with credentials that do not reach far enough.
 */
public final class AccessPolicy {
    private final boolean enforced;

    /** @param enforced false only for local development and conformance runs ({@code --auth off}) */
    public AccessPolicy(boolean enforced) {
        this.enforced = enforced;
    }

    public boolean enforced() {
        return enforced;
    }

    /** Requires {@code role} (or more) in the tenant. */
    public void require(Principal principal, Role role, String tenant) {
        if (!enforced || principal.holds(role, tenant)) {
            return;
        }
        if (principal.isAnonymous()) {
            throw new NgsiLdException(ErrorType.UNAUTHORIZED, "This needs credentials: send an API key as X-API-Key");
        }
        throw new NgsiLdException(ErrorType.FORBIDDEN, "This needs the " + role.term() + " role"
                + (role == Role.ADMIN ? "" : " in this tenant"));
    }

    /** Creating or revoking a key with {@code role} in the tenant needs at least that much, and tenant-admin. */
    public void requireKeyManagement(Principal principal, Role role, String tenant) {
        require(principal, role == Role.ADMIN ? Role.ADMIN : Role.TENANT_ADMIN, tenant);
    }
}
