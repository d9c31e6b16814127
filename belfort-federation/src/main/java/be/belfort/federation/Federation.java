package be.belfort.federation;

import be.belfort.model.Entity;
import be.belfort.model.ReadScope;
import be.belfort.query.DistributedReads;
import be.belfort.query.DistributedReads.DocumentKind;
import be.belfort.query.EntityOrder;
import be.belfort.query.EntityQuery;
import be.belfort.query.EntitySelector;
import be.belfort.query.GeoQuery;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Distributed retrieve and query (clause 4.3.6): the registered sources that may hold what a client asks for
 * are asked in parallel, each on a virtual thread and within the source timeout, with the request rewritten
 * for them ({@code local=true} so they do not forward it again, the client's @context as Link, the source's
 * tenant and contextSourceInfo headers, a {@code Via} naming this platform); their answers are merged with the
 * local one. A source that fails, is too slow, or answers what is not NGSI-LD leaves a warning and the rest of
 * the answer stands.
 */
public final class Federation implements DistributedReads, AutoCloseable {
    private static final String API = "/ngsi-ld/v1/entities";
    /** Query parameters that select entities; the rest (paging, representation) the platform applies itself. */
    private static final Set<String> FORWARDED = Set.of("type", "id", "idPattern", "attrs", "q", "scopeQ", "georel",
            "geometry", "coordinates", "geoproperty", "datasetId", "orderBy", "orderFrom", "orderGeometry");
    private static final String BATCH_QUERY = "/ngsi-ld/v1/entityOperations/query";
    /** The largest page asked of a source (a broker may refuse a larger one). */
    static final int MAX_SOURCE_LIMIT = 1000;

    private final Registrations registrations;
    private final ContextSourceClient client;
    private final FederationSettings settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final String via;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final EntityMapPaging mapped;

    /** @param instance a name of this platform unique among the brokers it talks to, for Via and loop detection */
    public Federation(Registrations registrations, be.belfort.security.OutboundGuard guard, FederationSettings settings,
                      ObjectMapper json, Clock clock, String instance, EntityMaps maps) {
        this.registrations = registrations;
        this.mapped = new EntityMapPaging(this, registrations, maps, clock);
        this.client = new ContextSourceClient(guard, settings);
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.via = "1.1 " + instance;
    }

    @Override
    public boolean concerns(String tenant, EntityQuery query) {
        return registrations.any(tenant) && !sourcesFor(tenant, query).isEmpty();
    }

    @Override
    public boolean concerns(String tenant, String entityId) {
        return registrations.any(tenant) && !sourcesFor(tenant, entityId).isEmpty();
    }

    @Override
    public java.util.SortedSet<String> tenants() {
        return registrations.tenants(clock.instant());
    }

    @Override
    public boolean isLoop(String viaHeader) {
        if (viaHeader == null) {
            return false;
        }
        for (String hop : viaHeader.split(",")) {
            if (hop.trim().equals(via)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Answer query(Forward forward, EntityQuery query, Supplier<EntityQuery.Page> localQuery) {
        boolean byBody = forward.query() != null;
        List<Registration> sources = sourcesFor(forward.tenant(), query,
                byBody ? Operations.QUERY_BATCH : Operations.QUERY_ENTITY);
        int wanted = Math.min(MAX_SOURCE_LIMIT, query.offset() + query.limit());
        List<Asked> asked = new ArrayList<>();
        for (Registration source : sources) {
            Map<String, List<String>> parameters = byBody ? new LinkedHashMap<>()
                    : forwardedParameters(forward.parameters(), source, query.attributes());
            parameters.put("limit", List.of(Integer.toString(wanted)));
            if (query.count()) {
                parameters.put("count", List.of("true"));
            }
            if (byBody) {
                parameters.put("local", List.of("true"));
                asked.add(new Asked(source, uri(source, BATCH_QUERY, parameters), true,
                        queryBody(forward.query(), source, query.attributes())));
            } else {
                asked.add(new Asked(source, uri(source, API, parameters), true));
            }
        }
        Pending pending = ask(asked, forward);
        EntityQuery.Page local = pending.meanwhile(localQuery);
        List<SourceEntities> answers = entities(pending.await(), forward);
        EntityMerge merge = new EntityMerge();
        merge.add(local.entities(), false);
        Map<String, Integer> seen = new HashMap<>();
        local.entities().forEach(entity -> seen.merge(entity.id(), 1, Integer::sum));
        long total = local.total() == null ? 0 : local.total();
        List<String> warnings = new ArrayList<>();
        for (SourceEntities answer : answers) {
            warnings.addAll(answer.warnings());
            merge.add(answer.entities(), answer.source().mode() == Mode.AUXILIARY);
            answer.entities().forEach(entity -> seen.merge(entity.id(), 1, Integer::sum));
            total += answer.total() != null ? answer.total() : answer.entities().size();
        }
        // An entity that several sources hold counts once.
        for (int times : seen.values()) {
            total -= times - 1;
        }
        ReadScope readable = query.readable();
        List<Entity> all = merge.merged().values().stream().filter(readable::allows).map(readable::trim)
                .sorted(EntityOrder.of(query.ordering())).toList();
        List<Entity> page = all.subList(Math.min(all.size(), query.offset()),
                Math.min(all.size(), query.offset() + query.limit()));
        return new Answer(page, query.count() ? Math.max(total, all.size()) : null, warnings);
    }

    @Override
    public MappedAnswer query(Forward forward, EntityQuery query, MapRequest map,
                              java.util.function.Function<EntityQuery, EntityQuery.Page> local) {
        return mapped.query(forward, query, map, local);
    }

    /**
     * One request to a source for a query: its selecting parameters (or its Query) with this page and, when ids are
     * given, for these entities only.
     */
    record SourceRequest(Registration source, int limit, int offset, List<String> ids) {
    }

    /** The local part and what each source answered (read in the client's terms), asked all at once. */
    record Gathered<T>(T local, List<SourceEntities> sources) {
    }

    /** Asks the sources these requests at once and reads the local part meanwhile. */
    <T> Gathered<T> gather(Forward forward, EntityQuery query, List<SourceRequest> requests, Supplier<T> local) {
        boolean byBody = forward.query() != null;
        List<Asked> asked = new ArrayList<>();
        for (SourceRequest request : requests) {
            Map<String, List<String>> parameters = byBody ? new LinkedHashMap<>()
                    : forwardedParameters(forward.parameters(), request.source(), query.attributes());
            parameters.put("limit", List.of(Integer.toString(request.limit())));
            if (request.offset() > 0) {
                parameters.put("offset", List.of(Integer.toString(request.offset())));
            }
            if (byBody) {
                parameters.put("local", List.of("true"));
                asked.add(new Asked(request.source(), uri(request.source(), BATCH_QUERY, parameters), true,
                        queryBody(forward.query(), request.source(), query.attributes(), request.ids())));
            } else {
                if (request.ids() != null) {
                    parameters.put("id", List.of(String.join(",", request.ids())));
                }
                asked.add(new Asked(request.source(), uri(request.source(), API, parameters), true));
            }
        }
        Pending pending = ask(asked, forward);
        T localPart = pending.meanwhile(local);
        return new Gathered<>(localPart, entities(pending.await(), forward));
    }

    @Override
    public Answer retrieve(Forward forward, String entityId, Supplier<Entity> localEntity) {
        List<Asked> asked = new ArrayList<>();
        for (Registration source : sourcesFor(forward.tenant(), entityId)) {
            Map<String, List<String>> parameters = forwardedParameters(forward.parameters(), source, List.of());
            parameters.keySet().retainAll(Set.of("type", "attrs", "local"));
            asked.add(new Asked(source, uri(source, API + "/" + URLEncoder.encode(entityId, StandardCharsets.UTF_8),
                    parameters), false));
        }
        Pending pending = ask(asked, forward);
        Entity local = pending.meanwhile(localEntity);
        EntityMerge merge = new EntityMerge();
        if (local != null) {
            merge.add(List.of(local), false);
        }
        List<String> warnings = new ArrayList<>();
        for (SourceEntities answer : entities(pending.await(), forward)) {
            warnings.addAll(answer.warnings());
            merge.add(answer.entities().stream().filter(entity -> entity.id().equals(entityId)).toList(),
                    answer.source().mode() == Mode.AUXILIARY);
        }
        return new Answer(List.copyOf(merge.merged().values()), null, warnings);
    }

    @Override
    public boolean concerns(String tenant, DocumentRead read) {
        return registrations.any(tenant) && !sourcesFor(tenant, read).isEmpty();
    }

    @Override
    public DocumentAnswer read(Forward forward, DocumentRead read, Supplier<Document> localDocument) {
        boolean temporalQuery = read.kind() == DocumentKind.TEMPORAL_ENTITIES;
        int wanted = temporalQuery ? Math.min(MAX_SOURCE_LIMIT, read.query().offset() + read.query().limit()) : 0;
        boolean many = temporalQuery || read.kind() == DocumentKind.ENTITY_TYPE_DETAILS
                || read.kind() == DocumentKind.ATTRIBUTE_DETAILS;
        List<Asked> asked = new ArrayList<>();
        for (Registration source : sourcesFor(forward.tenant(), read)) {
            Map<String, List<String>> parameters = new LinkedHashMap<>(forward.parameters());
            parameters.keySet().removeAll(Set.of("limit", "offset", "local"));
            if ((read.kind() == DocumentKind.TEMPORAL_ENTITY || temporalQuery)
                    && !narrowAttributes(parameters, source, askedAttributes(forward, read))) {
                continue;
            }
            if (temporalQuery) {
                parameters.put("limit", List.of(Integer.toString(wanted)));
            }
            parameters.put("local", List.of("true"));
            if (forward.query() != null) {
                // A query by POST: the source gets the client's Query, its attrs narrowed there.
                parameters.remove("attrs");
                asked.add(new Asked(source, uri(source, read.path(), parameters), many,
                        queryBody(forward.query(), source, askedAttributes(forward, read))));
            } else {
                asked.add(new Asked(source, uri(source, read.path(), parameters), many));
            }
        }
        Pending pending = ask(asked, forward);
        Document local = pending.meanwhile(localDocument);
        JsonNode merged = local.body() == null ? null : local.body().deepCopy();
        Map<String, Integer> seen = new HashMap<>();
        if (temporalQuery && merged != null) {
            merged.forEach(entity -> seen.merge(entity.path("id").asText(), 1, Integer::sum));
        }
        long total = local.total() == null ? 0 : local.total();
        List<String> warnings = new ArrayList<>();
        for (SourceAnswer answer : pending.await()) {
            warnings.addAll(answer.warnings());
            JsonNode readable = DocumentMerge.readable(read.kind(), answer.body(), read.readable(), read.expand());
            if (readable == null) {
                continue;
            }
            if (temporalQuery) {
                readable.forEach(entity -> seen.merge(entity.path("id").asText(), 1, Integer::sum));
                total += answer.total() != null ? answer.total() : readable.size();
            }
            merged = DocumentMerge.merge(merged, readable);
        }
        if (!temporalQuery) {
            return new DocumentAnswer(new Document(merged, null), warnings);
        }
        // An entity that several sources hold counts once; the page is cut from the merged list in id order.
        for (int times : seen.values()) {
            total -= times - 1;
        }
        List<JsonNode> all = DocumentMerge.inIdOrder(merged);
        EntityQuery query = read.query();
        com.fasterxml.jackson.databind.node.ArrayNode page = json.createArrayNode();
        all.subList(Math.min(all.size(), query.offset()), Math.min(all.size(), query.offset() + query.limit()))
                .forEach(page::add);
        return new DocumentAnswer(new Document(page, query.count() ? Math.max(total, all.size()) : null), warnings);
    }

    private List<Registration> sourcesFor(String tenant, DocumentRead read) {
        List<Registration> sources = new ArrayList<>();
        for (Registration registration : registrations.active(tenant, clock.instant())) {
            if (!registration.serves(read.kind().operation())) {
                continue;
            }
            boolean mayHold = switch (read.kind()) {
                case TEMPORAL_ENTITIES -> mayHoldMatches(registration, read.query());
                case TEMPORAL_ENTITY -> mayHold(registration, read.entityId());
                default -> true;
            };
            if (mayHold) {
                sources.add(registration);
            }
        }
        return sources;
    }

    /** The sources that may hold entities the query asks for and serve queries, those backed off included. */
    List<Registration> sourcesFor(String tenant, EntityQuery query) {
        return sourcesFor(tenant, query, Operations.QUERY_ENTITY);
    }

    List<Registration> sourcesFor(String tenant, EntityQuery query, String operation) {
        List<Registration> sources = new ArrayList<>();
        for (Registration registration : registrations.active(tenant, clock.instant())) {
            if (registration.serves(operation) && mayHoldMatches(registration, query)) {
                sources.add(registration);
            }
        }
        return sources;
    }

    List<Registration> sourcesFor(String tenant, String entityId) {
        List<Registration> sources = new ArrayList<>();
        for (Registration registration : registrations.active(tenant, clock.instant())) {
            if (registration.serves(Operations.RETRIEVE_ENTITY) && mayHold(registration, entityId)) {
                sources.add(registration);
            }
        }
        return sources;
    }

    private static boolean mayHold(Registration registration, String entityId) {
        return registration.information().stream().anyMatch(info -> info.entities().isEmpty()
                || info.entities().stream().anyMatch(entity -> entity.mayHold(entityId)));
    }

    private static boolean mayHoldMatches(Registration registration, EntityQuery query) {
        if (!mayHoldWithin(registration, query.geo())) {
            return false;
        }
        for (RegistrationInfo info : registration.information()) {
            if (!info.hasAnyAttribute(query.attributes())) {
                continue;
            }
            if (info.entities().isEmpty() || query.selectors().isEmpty()) {
                return true;
            }
            for (EntitySelector selector : query.selectors()) {
                for (EntityInfo entity : info.entities()) {
                    boolean typeMatches = selector.type() == null || entity.hasAnyType(selector.type().names());
                    boolean idMatches = selector.ids().isEmpty() || selector.ids().stream().anyMatch(entity::mayHold);
                    if (typeMatches && idMatches) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Whether a source may hold entities whose location matches the geo-query: it registered no {@code location}
     * (its entities may be anywhere), or its location meets the area the query asks about (the reference geometry,
     * widened by maxDistance for near). disjoint and minDistance may match anywhere.
     */
    static boolean mayHoldWithin(Registration registration, GeoQuery geo) {
        JsonNode location = registration.document().get("location");
        if (geo == null || location == null || !isLocation(geo.geoproperty())) {
            return true;
        }
        return switch (geo.relation()) {
            case DISJOINT, NEAR_MIN -> true;
            case NEAR_MAX -> geo.matches(location);
            default -> new GeoQuery(GeoQuery.Relation.INTERSECTS, null, geo.reference(), geo.geoproperty())
                    .matches(location);
        };
    }

    private static boolean isLocation(String geoproperty) {
        return geoproperty.equals(GeoQuery.DEFAULT_GEOPROPERTY) || geoproperty.equals(CORE_LOCATION);
    }

    private static final String CORE_LOCATION = "https://uri.etsi.org/ngsi-ld/location";

    /**
     * The client's selecting parameters, with {@code attrs} narrowed to what the registration names (as IRIs,
     * which every @context leaves as they are) and {@code local=true}.
     */
    private static Map<String, List<String>> forwardedParameters(Map<String, List<String>> client,
                                                                 Registration source, List<String> askedAttributes) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        client.forEach((name, values) -> {
            if (FORWARDED.contains(name)) {
                parameters.put(name, values);
            }
        });
        narrowAttributes(parameters, source, askedAttributes);
        parameters.put("local", List.of("true"));
        return parameters;
    }

    /** {@code attrs} narrowed to what the registration names, as IRIs (which every @context leaves as they are). */
    private static boolean narrowAttributes(Map<String, List<String>> parameters, Registration source,
                                            List<String> askedAttributes) {
        Set<String> registered = new LinkedHashSet<>();
        boolean anyAttribute = false;
        for (RegistrationInfo info : source.information()) {
            anyAttribute |= info.attributeNames().isEmpty();
            registered.addAll(info.attributeNames());
        }
        if (!anyAttribute) {
            List<String> attributes = askedAttributes.isEmpty() ? List.copyOf(registered)
                    : askedAttributes.stream().filter(registered::contains).toList();
            if (attributes.isEmpty()) {
                return false;
            }
            parameters.put("attrs", List.of(String.join(",", attributes)));
        }
        return true;
    }

    /** The attributes a temporal read asks for, as IRIs; empty for all. */
    private static List<String> askedAttributes(Forward forward, DocumentRead read) {
        if (read.query() != null) {
            return read.query().attributes();
        }
        List<String> attrs = forward.parameters().getOrDefault("attrs", List.of());
        return attrs.stream().flatMap(value -> java.util.Arrays.stream(value.split(","))).map(String::trim)
                .filter(name -> !name.isEmpty()).map(read.expand()).toList();
    }

    static URI uri(Registration source, String path, Map<String, List<String>> parameters) {
        String base = source.endpoint().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        StringBuilder uri = new StringBuilder(base).append(path);
        char separator = '?';
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                uri.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
                separator = '&';
            }
        }
        return URI.create(uri.toString());
    }

    /** @param body the JSON to POST, or null to GET */
    private record Asked(Registration source, URI uri, boolean many, byte[] body) {
        Asked(Registration source, URI uri, boolean many) {
            this(source, uri, many, null);
        }
    }

    /** The client's Query for a source: attrs narrowed to what the registration names, as IRIs. */
    private byte[] queryBody(JsonNode clientQuery, Registration source, List<String> askedAttributes) {
        return queryBody(clientQuery, source, askedAttributes, null);
    }

    /** @param ids when given, the Query's entity selectors narrowed to each of these entities */
    private byte[] queryBody(JsonNode clientQuery, Registration source, List<String> askedAttributes, List<String> ids) {
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) clientQuery.deepCopy();
        if (ids != null) {
            List<JsonNode> selectors = new ArrayList<>();
            body.path("entities").forEach(selectors::add);
            if (selectors.isEmpty()) {
                selectors.add(json.createObjectNode());
            }
            com.fasterxml.jackson.databind.node.ArrayNode narrowed = body.putArray("entities");
            for (String id : ids) {
                for (JsonNode selector : selectors) {
                    if (!namesOrLeavesOpen(selector.get("id"), id)) {
                        continue;
                    }
                    com.fasterxml.jackson.databind.node.ObjectNode one = selector.isObject()
                            ? ((com.fasterxml.jackson.databind.node.ObjectNode) selector).deepCopy() : json.createObjectNode();
                    one.remove("idPattern");
                    one.put("id", id);
                    narrowed.add(one);
                }
            }
        }
        Map<String, List<String>> narrowed = new LinkedHashMap<>();
        narrowAttributes(narrowed, source, askedAttributes);
        if (narrowed.containsKey("attrs")) {
            com.fasterxml.jackson.databind.node.ArrayNode attrs = body.putArray("attrs");
            java.util.Arrays.stream(narrowed.get("attrs").get(0).split(",")).forEach(attrs::add);
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a selector's id member (a string or an array of them) names this id, or is absent. */
    private static boolean namesOrLeavesOpen(JsonNode ids, String id) {
        if (ids == null || ids.isNull()) {
            return true;
        }
        if (ids.isTextual()) {
            return ids.asText().equals(id);
        }
        for (JsonNode one : ids) {
            if (one.asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** What a source answered: its JSON (null when it failed or has nothing), its count, and what went wrong. */
    private record SourceAnswer(Registration source, JsonNode body, Long total, List<String> warnings) {
    }

    /** A source's entities, read in the client's terms; those that are not valid NGSI-LD are left out with a warning. */
    record SourceEntities(Registration source, List<Entity> entities, Long total, List<String> warnings) {
        /** Whether the source could not (fully) answer. */
        boolean failed() {
            return !warnings.isEmpty();
        }
    }

    private List<SourceEntities> entities(List<SourceAnswer> answers, Forward forward) {
        List<SourceEntities> all = new ArrayList<>();
        for (SourceAnswer answer : answers) {
            List<Entity> entities = new ArrayList<>();
            List<String> warnings = new ArrayList<>(answer.warnings());
            int unreadable = 0;
            if (answer.body() != null) {
                for (JsonNode element : answer.body().isArray() ? answer.body() : List.of(answer.body())) {
                    try {
                        entities.add(forward.reader().apply(element));
                    } catch (RuntimeException e) {
                        unreadable++;
                    }
                }
            }
            if (unreadable > 0) {
                warnings.add(warning(answer.source(), "answered " + unreadable
                        + " entities that are not valid NGSI-LD; they are left out"));
            }
            all.add(new SourceEntities(answer.source(), entities, answer.total(), warnings));
        }
        return all;
    }

    /** Asks every source at once, each on a thread of its own; the answers are awaited with {@link Pending#await}. */
    private Pending ask(List<Asked> asked, Forward forward) {
        Instant now = clock.instant();
        List<Future<SourceAnswer>> futures = new ArrayList<>();
        List<SourceAnswer> answers = new ArrayList<>();
        for (Asked one : asked) {
            Instant backedOff = registrations.backedOffUntil(one.source(), now);
            if (backedOff != null) {
                answers.add(failed(one.source(), "left out after failing repeatedly, asked again after " + backedOff,
                        false));
                futures.add(null);
            } else {
                futures.add(threads.submit(() -> askOne(one, forward)));
            }
        }
        long deadline = System.nanoTime() + settings.sourceTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(250);
        return new Pending(asked, futures, answers, deadline);
    }

    /** The sources' answers under way: awaited until the deadline, the late ones cancelled. */
    private final class Pending {
        private final List<Asked> asked;
        private final List<Future<SourceAnswer>> futures;
        private final List<SourceAnswer> answers;
        private final long deadline;

        Pending(List<Asked> asked, List<Future<SourceAnswer>> futures, List<SourceAnswer> answers, long deadline) {
            this.asked = asked;
            this.futures = futures;
            this.answers = answers;
            this.deadline = deadline;
        }

        List<SourceAnswer> await() {
            try {
                collect();
            } finally {
                cancel();
            }
            return answers;
        }

        /** Stops the requests still under way. */
        void cancel() {
            futures.forEach(future -> {
                if (future != null) {
                    future.cancel(true);
                }
            });
        }

        /** The local part, read while the sources answer; the sources are not left running if it fails. */
        <T> T meanwhile(Supplier<T> local) {
            try {
                return local.get();
            } catch (RuntimeException e) {
                cancel();
                throw e;
            }
        }

        private void collect() {
            for (int i = 0; i < futures.size(); i++) {
                Future<SourceAnswer> future = futures.get(i);
                if (future == null) {
                    continue;
                }
                Registration source = asked.get(i).source();
                try {
                    answers.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    future.cancel(true);
                    answers.add(failed(source, "did not answer within " + settings.sourceTimeout().toMillis() + " ms",
                            true));
                } catch (ExecutionException e) {
                    answers.add(failed(source, "failed: " + e.getCause(), true));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    answers.add(failed(source, "was not waited for: the request was interrupted", false));
                    break;
                }
            }
        }
    }

    private SourceAnswer askOne(Asked asked, Forward forward) throws InterruptedException {
        Registration source = asked.source();
        ContextSourceClient.Answer answer;
        try {
            answer = client.send(asked.uri(), headers(source, forward), asked.body());
        } catch (ContextSourceClient.SourceFailure failure) {
            return failed(source, failure.getMessage(), true);
        }
        if (!asked.many() && answer.status() == 404) {
            registrations.succeeded(source, clock.instant());
            return new SourceAnswer(source, null, null, List.of());
        }
        if (answer.status() != 200) {
            return failed(source, "answered HTTP " + answer.status(), true);
        }
        JsonNode body;
        try {
            body = json.readTree(answer.body());
        } catch (IOException e) {
            return failed(source, "answered what is not JSON", true);
        }
        if (asked.many() ? body == null || !body.isArray() : body == null || !body.isObject()) {
            return failed(source, "answered JSON that is not " + (asked.many() ? "an array" : "an object"), true);
        }
        registrations.succeeded(source, clock.instant());
        return new SourceAnswer(source, body, count(answer.count()), List.of());
    }

    /** The headers of a request to a source: the client's @context, the source's tenant and headers, Via. */
    Map<String, String> headers(Registration source, Forward forward) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (forward.contextUrl() != null) {
            headers.put("Link", "<" + forward.contextUrl()
                    + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
        }
        String tenant = source.sourceTenant() != null ? source.sourceTenant() : forward.tenant();
        if (tenant != null && !tenant.isEmpty()) {
            headers.put("NGSILD-Tenant", tenant);
        }
        headers.put("Via", forward.via() == null || forward.via().isBlank() ? via : forward.via() + ", " + via);
        headers.putAll(source.contextSourceInfo());
        return headers;
    }

    private SourceAnswer failed(Registration source, String reason, boolean counts) {
        if (counts) {
            registrations.failed(source, clock.instant());
        }
        return new SourceAnswer(source, null, null, List.of(warning(source, reason)));
    }

    /** A Warning header value (RFC 9111 syntax, code 199) naming the source and what went wrong. */
    private static String warning(Registration source, String reason) {
        String text = "Context source " + source.endpoint() + " (registration " + source.id() + ") " + reason
                + "; the answer is partial";
        StringBuilder printable = new StringBuilder();
        text.codePoints().forEach(c -> printable.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' ? '\'' : (char) c));
        return "199 - \"" + printable + "\"";
    }

    private static Long count(String header) {
        try {
            return header == null ? null : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    ContextSourceClient client() {
        return client;
    }

    @Override
    public void close() {
        threads.shutdownNow();
        client.close();
    }
}
