package be.belfort.security;

/**
 * Who sends a request: anonymous, or the holder of a key (or token) with one role in one tenant, or an
 * admin of every tenant.
 *
 * @param id     the key id (or token subject); "anonymous" without credentials
 * @param tenant the tenant the role holds in; null for an admin of every tenant and for anonymous
 * @param role   the role, or null for anonymous
 */
public record Principal(String id, String tenant, Role role) {
    public static final Principal ANONYMOUS = new Principal("anonymous", null, null);

    public boolean isAnonymous() {
        return role == null;
    }

    /** True when the principal holds {@code needed} (or more) in the tenant. */
    public boolean holds(Role needed, String inTenant) {
        if (role == null) {
            return false;
        }
        if (role == Role.ADMIN) {
            return true;
        }
        return needed != Role.ADMIN && role.includes(needed) && tenant.equals(inTenant);
    }
}
