package be.belfort.security;

import be.belfort.model.NgsiLdException;

import java.util.Locale;
import java.util.Optional;

/**
 * What a principal may do in a tenant. Each role includes those after it: a tenant admin publishes and
 * reads, a publisher reads. {@code ADMIN} holds in every tenant.
 */
public enum Role {
    ADMIN, TENANT_ADMIN, PUBLISHER, READER;

    public String term() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Role of(String term) {
        return find(term).orElseThrow(() ->
                NgsiLdException.badData("role must be admin, tenant-admin, publisher or reader, not " + term));
    }

    /** The role with this term, if there is one. */
    public static Optional<Role> find(String term) {
        for (Role role : values()) {
            if (role.term().equals(term)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** True when this role may do what {@code needed} may. */
    public boolean includes(Role needed) {
        return ordinal() <= needed.ordinal();
    }
}
