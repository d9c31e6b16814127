package be.belfort.api;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.opendata.Dataset;
import be.belfort.security.AccessPolicy;
import be.belfort.security.ApiKeys;
import be.belfort.security.AuditEntry;
import be.belfort.security.AuditTrail;
import be.belfort.security.BearerTokens;
import be.belfort.security.Principal;
import be.belfort.security.RateLimits;
import be.belfort.security.Role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every request (an API key in {@code X-API-Key} or an OpenID Connect bearer token), keeps each
 * client to its rate limit, and asks the access policy before any
 * handler runs: writes need the publisher role in the tenant, subscriptions the reader role, the dataset
 * admin API the tenant-admin role; reads (and notifications) are limited by the access module's read access.
 * The open-data paths, health and metrics need nothing.
 */
public final class AccessControl implements RouteGroup {
    static final String PRINCIPAL = "belfort.principal";
    /** Set by a handler whose request concerns a tenant that its path does not name (revoking a key). */
    public static final String AUDIT_TENANT = "belfort.audit.tenant";

    private static final Set<String> ENTITY_MEMBERS = Set.of("id", "type", "scope", "@context");
    /** The IoT Agent provisioning API (ingestion): its changes decide which devices write, so they are audited. */
    private static final Set<String> PROVISIONING_PATHS = Set.of("/iot/services", "/iot/devices");
    private static final String FIWARE_SERVICE = "fiware-service";
    private static final Set<String> UNLIMITED_PATHS = Set.of("/health", "/health/live", "/health/ready", "/metrics");

    private final ApiKeys keys;
    private final BearerTokens tokens;
    private final RateLimits limits;
    private final ClientAddresses addresses;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final List<String> ownSessionPaths;

    /**
     * @param tokens          how bearer tokens are checked; null when no OpenID provider is configured
     * @param ownSessionPaths path prefixes of features that sign people in with sessions of their own (the
     *                        console): only they know whom a request stands for, so they keep it to its rate limit
     *                        themselves ({@link #throttle}), against the same {@link RateLimits}
     */
    public AccessControl(ApiKeys keys, BearerTokens tokens, RateLimits limits, ClientAddresses addresses,
                         AccessPolicy policy, AuditTrail audit, ObjectMapper json, List<String> ownSessionPaths) {
        this.ownSessionPaths = List.copyOf(ownSessionPaths);
        this.keys = keys;
        this.tokens = tokens;
        this.limits = limits;
        this.addresses = addresses;
        this.policy = policy;
        this.audit = audit;
        this.json = json;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.before(this::check);
        app.after(this::record);
    }

    /** Writes, access-policy changes and device provisioning, accepted or refused, go to the audit log. */
    private void record(Context ctx) {
        String method = ctx.method().name();
        String path = ctx.path();
        boolean provisioning = PROVISIONING_PATHS.stream().anyMatch(path::startsWith);
        boolean changes = RequestKinds.changes(method, path)
                && (path.startsWith(ApiServer.BASE + "/") || path.startsWith("/admin/") || provisioning);
        if (!changes) {
            return;
        }
        if (provisioning) {
            recordProvisioning(ctx, method, path);
            return;
        }
        Principal principal = principal(ctx);
        // A request refused before its handler ran has no matched route: its own path stands for it.
        String route = ApiServer.routePath(ctx);
        boolean matched = route != null;
        String operation = method + " " + (matched ? route : path);
        String entityId = matched ? ctx.pathParamMap().get("entityId") : segmentAfter(path, "/entities/");
        List<String> attributes = new ArrayList<>();
        String attribute = matched ? ctx.pathParamMap().get("attrId") : segmentAfter(path, "/attrs/");
        if (attribute != null) {
            attributes.add(attribute);
        }
        JsonNode body = smallJsonBody(ctx);
        if (body instanceof ObjectNode object && path.startsWith(ApiServer.BASE + "/")) {
            if (entityId == null && object.path("id").isTextual()) {
                entityId = object.get("id").asText();
            }
            // The body's members are attributes, unless the path names the one attribute the body is about.
            if (attribute == null) {
                object.fieldNames().forEachRemaining(name -> {
                    if (!ENTITY_MEMBERS.contains(name)) {
                        attributes.add(name);
                    }
                });
            }
        }
        String tenant = path.startsWith("/admin/") ? adminTenant(ctx, body) : tenantHeader(ctx);
        Role role = principal.roleIn(tenant);
        audit.record(new AuditEntry(java.time.Instant.now(), principal.id(), role == null ? null : role.term(), tenant,
                operation, entityId, attributes, ctx.statusCode()));
    }

    /**
     * A change to the device registry: the path itself names the device, the tenant is in the IoT Agents'
     * {@code fiware-service} header (else the NGSI-LD one), as the provisioning API reads it.
     */
    private void recordProvisioning(Context ctx, String method, String path) {
        Principal principal = principal(ctx);
        String service = ctx.header(FIWARE_SERVICE);
        String tenant = service != null && !service.isEmpty() ? service : tenantHeader(ctx);
        Role role = principal.roleIn(tenant);
        audit.record(new AuditEntry(java.time.Instant.now(), principal.id(), role == null ? null : role.term(), tenant,
                method + " " + path, null, List.of(), ctx.statusCode()));
    }

    /** The URL-decoded path segment after a marker, such as the entity id after "/entities/", or null. */
    private static String segmentAfter(String path, String marker) {
        int at = path.indexOf(marker);
        if (at < 0) {
            return null;
        }
        String rest = path.substring(at + marker.length());
        int end = rest.indexOf('/');
        String segment = end < 0 ? rest : rest.substring(0, end);
        return segment.isEmpty() ? null : java.net.URLDecoder.decode(segment, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The payload as its handler parsed it; for a request refused before its handler, the payload when it
     * is a small JSON document (large batches are then recorded without their contents).
     */
    private JsonNode smallJsonBody(Context ctx) {
        JsonNode parsed = ctx.attribute(RequestReader.PARSED_BODY);
        if (parsed != null) {
            return parsed;
        }
        try {
            byte[] bytes = ctx.bodyAsBytes();
            if (bytes.length == 0 || bytes.length > 64 * 1024) {
                return null;
            }
            return json.readTree(bytes);
        } catch (java.io.IOException | NgsiLdException unreadable) {
            // Not JSON, over the body limit or not valid HTTP: recorded without its contents.
            return null;
        }
    }

    /** The tenant an admin request concerns: in its path, named by its handler, or in its body. */
    private static String adminTenant(Context ctx, JsonNode body) {
        String named = ctx.attribute(AUDIT_TENANT);
        if (named != null) {
            return named;
        }
        String tenant = ctx.pathParamMap().get("tenant");
        if (tenant != null) {
            return Dataset.tenantOf(tenant);
        }
        return body == null ? "" : Optional.ofNullable(body.path("tenant").asText(null)).orElse("");
    }

    /** The principal of a request, as authenticated before its handler ran. */
    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        return principal == null ? Principal.ANONYMOUS : principal;
    }

    private void check(Context ctx) {
        String path = ctx.path();
        if (UNLIMITED_PATHS.contains(path)) {
            return;
        }
        Principal principal = authenticateWithinLimits(ctx);
        ctx.attribute(PRINCIPAL, principal);
        String method = ctx.method().name();
        if (path.startsWith(ApiServer.BASE + "/")) {
            String tenant = tenantHeader(ctx);
            if (method.equals("DELETE") && path.startsWith(ApiServer.HOSTED_CONTEXTS)) {
                // Hosted @contexts serve every tenant: only an admin of every tenant removes one.
                policy.require(principal, Role.ADMIN, null);
            } else if (path.startsWith(ApiServer.BASE + "/subscriptions")) {
                // Each notification is checked against what its subscriber may read when it is sent.
                policy.require(principal, Role.READER, tenant);
            } else if (path.startsWith(ApiServer.BASE + "/entityMaps/")) {
                // An entity map is part of a reader's query: its reader changes (or deletes) it, nobody else finds it.
                if (RequestKinds.changes(method, path)) {
                    policy.require(principal, Role.READER, tenant);
                }
            } else if (RequestKinds.changes(method, path)) {
                policy.require(principal, Role.PUBLISHER, tenant);
            }
        } else if (path.equals("/admin/datasets")) {
            policy.require(principal, Role.ADMIN, null);
        } else if (path.startsWith("/admin/datasets/")) {
            String segment = path.substring("/admin/datasets/".length()).split("/", 2)[0];
            String tenant = java.net.URLDecoder.decode(segment, java.nio.charset.StandardCharsets.UTF_8);
            policy.require(principal, Role.TENANT_ADMIN, Dataset.tenantOf(tenant));
        }
    }

    /**
     * The request's principal, once its client is within its rate limit. Failed authentications count
     * against the client's address, so guessing keys or replaying bad tokens is slowed down as well.
     */
    private Principal authenticateWithinLimits(Context ctx) {
        Principal principal;
        try {
            principal = authenticate(ctx);
        } catch (NgsiLdException refused) {
            if (refused.type() == ErrorType.UNAUTHORIZED) {
                throttle(ctx, limits.take(addresses.of(ctx), false));
            }
            throw refused;
        }
        if (hasOwnSessions(ctx.path())) {
            return principal;
        }
        boolean anonymous = principal.isAnonymous();
        throttle(ctx, limits.take(anonymous ? addresses.of(ctx) : principal.id(), !anonymous));
        return principal;
    }

    private boolean hasOwnSessions(String path) {
        return ownSessionPaths.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }

    /** Refuses the request with 429 and {@code Retry-After} when its client must {@code wait} (a rate limit's answer). */
    public static void throttle(Context ctx, Duration wait) {
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            throw new NgsiLdException(ErrorType.TOO_MANY_REQUESTS, "This client is over its rate limit; retry after "
                    + seconds + " s");
        }
    }

    private Principal authenticate(Context ctx) {
        String key = ctx.header("X-API-Key");
        String authorization = ctx.header("Authorization");
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        if (key != null && !key.isBlank()) {
            if (bearer) {
                throw NgsiLdException.badData("Send an API key or a bearer token, not both");
            }
            return keys.authenticate(key.trim());
        }
        if (!bearer) {
            return Principal.ANONYMOUS;
        }
        if (tokens == null) {
            if (!policy.enforced()) {
                return Principal.ANONYMOUS;
            }
            throw new NgsiLdException(ErrorType.UNAUTHORIZED, "This platform has no OpenID provider configured;"
                    + " send an API key as X-API-Key");
        }
        return tokens.authenticate(authorization.substring(7).trim());
    }

    private static String tenantHeader(Context ctx) {
        String tenant = ctx.header(RequestReader.TENANT_HEADER);
        return tenant == null ? RequestReader.DEFAULT_TENANT : tenant;
    }
}
