package be.belfort.opendata;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

/**
 * A dataset: the entities of one type in one tenant, with the metadata its publisher gave and its
 * access level.
 *
 * @param tenant   the tenant ("" is the default tenant)
 * @param type     the entity type IRI
 * @param typeName the type as it appears in URLs: its term under the core @context, or the IRI itself
 * @param personalAttributes IRIs of attributes only the tenant's publishers see, never published
 */
public record Dataset(String tenant, String type, String typeName, AccessLevel access, DatasetMetadata metadata,
                      Set<String> personalAttributes, Instant createdAt, Instant modifiedAt) {
    public Dataset {
        personalAttributes = Set.copyOf(personalAttributes);
    }

    /** The path segment that stands for the default tenant, as in retention rules. */
    public static final String DEFAULT_TENANT_SEGMENT = "-";

    /** The tenant a URL path segment names: {@code -} is the default tenant. */
    public static String tenantOf(String segment) {
        return DEFAULT_TENANT_SEGMENT.equals(segment) ? "" : segment;
    }

    public boolean isOpen() {
        return access == AccessLevel.OPEN;
    }

    /** The dataset's path below the platform's base URL: {@code /datasets/{tenant}/{type}}. */
    public String path() {
        return "/datasets/" + segment(tenant.isEmpty() ? DEFAULT_TENANT_SEGMENT : tenant) + "/" + segment(typeName);
    }

    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
