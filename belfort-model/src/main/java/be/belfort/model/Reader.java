package be.belfort.model;

/**
 * Who reads, as a subscription remembers it: the id, tenant and role of the key or token that made it (all
 * null when access control was off then, which makes the reader anonymous once it is on).
 */
public record Reader(String id, String tenant, String role) {
    public static final Reader ANONYMOUS = new Reader(null, null, null);
}
