package be.belfort.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a token grants from two configurable claims. A role value is {@code admin} (every tenant),
 * {@code <tenant>:<role>} (that tenant), or a plain role ({@code tenant-admin}, {@code publisher},
 * {@code reader}) that holds in each tenant of the tenants claim. Values that name no Belfort role are
 * ignored, since providers put other roles in the same claim; the strongest role per tenant counts.
 */
final class TokenClaims {
    private final String[] rolesPath;
    private final String[] tenantsPath;

    TokenClaims(String rolesClaim, String tenantsClaim) {
        this.rolesPath = rolesClaim.split("\\.");
        this.tenantsPath = tenantsClaim.split("\\.");
    }

    Principal principal(String id, Map<String, Object> claims) {
        List<String> tenants = strings(claims, tenantsPath);
        Map<String, Role> roles = new HashMap<>();
        boolean admin = false;
        for (String value : strings(claims, rolesPath)) {
            int colon = value.lastIndexOf(':');
            Role role = Role.find(colon < 0 ? value : value.substring(colon + 1)).orElse(null);
            if (role == null) {
                continue;
            }
            if (role == Role.ADMIN) {
                admin |= colon < 0;
            } else if (colon > 0) {
                grant(roles, value.substring(0, colon), role);
            } else if (colon < 0) {
                tenants.forEach(tenant -> grant(roles, tenant, role));
            }
        }
        return new Principal(id, admin, roles);
    }

    private static void grant(Map<String, Role> roles, String tenant, Role role) {
        roles.merge(tenant, role, (held, added) -> held.includes(added) ? held : added);
    }

    /** The strings at a dotted path: a single string, or the strings of an array; empty when absent. */
    private static List<String> strings(Map<String, Object> claims, String[] path) {
        Object value = claims;
        for (String step : path) {
            if (!(value instanceof Map<?, ?> object)) {
                return new ArrayList<>();
            }
            value = object.get(step);
        }
        List<String> found = new ArrayList<>();
        if (value instanceof String text) {
            found.add(text);
        } else if (value instanceof Collection<?> values) {
            values.stream().filter(String.class::isInstance).map(String.class::cast).forEach(found::add);
        }
        return found;
    }
}
