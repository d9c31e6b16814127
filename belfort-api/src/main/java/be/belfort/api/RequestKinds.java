package be.belfort.api;

import java.util.Set;

/**
 * Which requests change something. Query operations are POSTs only because their parameters do not fit
 * in a URL: they read, so they are neither audited as changes nor counted as a client's write.
 */
public final class RequestKinds {
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> READING_POSTS = Set.of(ApiServer.BASE + "/entityOperations/query",
            ApiServer.BASE + "/temporal/entityOperations/query", ApiServer.BASE + "/entityMaps");

    private RequestKinds() {
    }

    /** True when a request with this method and path may change data. */
    public static boolean changes(String method, String path) {
        return !READ_METHODS.contains(method) && !READING_POSTS.contains(path);
    }
}
