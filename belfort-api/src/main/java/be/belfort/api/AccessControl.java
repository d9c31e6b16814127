package be.belfort.api;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.opendata.Dataset;
import be.belfort.security.AccessPolicy;
import be.belfort.security.ApiKeys;
import be.belfort.security.Principal;
import be.belfort.security.Role;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.Set;

/**
 * Authenticates every request (an API key in {@code X-API-Key}) and asks the access policy before any
 * handler runs: writes need the publisher role in the tenant, subscriptions the reader role, the dataset
 * admin API the tenant-admin role; reads (and notifications) are limited by {@link ReadAccess}. The open-data paths, health and metrics
 * need nothing.
 */
public final class AccessControl {
    static final String PRINCIPAL = "belfort.principal";
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> READING_POSTS = Set.of(ApiServer.BASE + "/entityOperations/query",
            ApiServer.BASE + "/temporal/entityOperations/query");

    private final ApiKeys keys;
    private final AccessPolicy policy;

    public AccessControl(ApiKeys keys, AccessPolicy policy) {
        this.keys = keys;
        this.policy = policy;
    }

    public void register(Javalin app) {
        app.before(this::check);
    }

    /** The principal of a request, as authenticated before its handler ran. */
    static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        return principal == null ? Principal.ANONYMOUS : principal;
    }

    private void check(Context ctx) {
        Principal principal = authenticate(ctx);
        ctx.attribute(PRINCIPAL, principal);
        String path = ctx.path();
        String method = ctx.method().name();
        if (path.startsWith(ApiServer.BASE + "/")) {
            String tenant = tenantHeader(ctx);
            if (path.startsWith(ApiServer.BASE + "/subscriptions")) {
                // Each notification is checked against what its subscriber may read when it is sent.
                policy.require(principal, Role.READER, tenant);
            } else if (!READ_METHODS.contains(method) && !READING_POSTS.contains(path)) {
                policy.require(principal, Role.PUBLISHER, tenant);
            }
        } else if (path.equals("/admin/datasets")) {
            policy.require(principal, Role.ADMIN, null);
        } else if (path.startsWith("/admin/datasets/")) {
            String segment = path.substring("/admin/datasets/".length()).split("/", 2)[0];
            String tenant = java.net.URLDecoder.decode(segment, java.nio.charset.StandardCharsets.UTF_8);
            policy.require(principal, Role.TENANT_ADMIN, Dataset.DEFAULT_TENANT_SEGMENT.equals(tenant) ? "" : tenant);
        }
    }

    private Principal authenticate(Context ctx) {
        String key = ctx.header("X-API-Key");
        if (key != null && !key.isBlank()) {
            return keys.authenticate(key.trim());
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) && policy.enforced()) {
            throw new NgsiLdException(ErrorType.UNAUTHORIZED, "Bearer tokens are not accepted on this platform yet;"
                    + " send an API key as X-API-Key");
        }
        return Principal.ANONYMOUS;
    }

    private static String tenantHeader(Context ctx) {
        String tenant = ctx.header(RequestReader.TENANT_HEADER);
        return tenant == null ? RequestReader.DEFAULT_TENANT : tenant;
    }
}
