package be.belfort.security;

/**
 * Which audit entries of one tenant a person looks for, and which page of them (newest first). A criterion
 * left null matches everything.
 *
 * @param principal the key id or token subject, exactly
 * @param entityId  the entity, exactly
 * @param operation a part of the method and path, such as {@code PUT /admin/datasets}
 * @param succeeded true for accepted requests (status below 400), false for refused ones
 * @param offset    how many matching entries to skip
 * @param limit     how many to return, 1 to 10,000
 */
public record AuditSearch(String tenant, String principal, String entityId, String operation, Boolean succeeded,
                          int offset, int limit) {
    public static final int MAX_LIMIT = 10_000;

    public AuditSearch {
        if (tenant == null) {
            throw new IllegalArgumentException("An audit search is within one tenant");
        }
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("offset must be 0 or more and limit 1 to " + MAX_LIMIT);
        }
    }
}
