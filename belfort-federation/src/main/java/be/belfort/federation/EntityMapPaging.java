package be.belfort.federation;

import be.belfort.model.Entity;
import be.belfort.model.ReadScope;
import be.belfort.query.DistributedReads.Answer;
import be.belfort.query.DistributedReads.Forward;
import be.belfort.query.DistributedReads.MapRequest;
import be.belfort.query.DistributedReads.MappedAnswer;
import be.belfort.query.EntityOrder;
import be.belfort.query.EntityQuery;
import be.belfort.query.EntitySelector;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Queries paged through an entity map (clause 5.5.14). Without a live map, every match is gathered (the local store
 * and each source, page after page) and merged, the map of them is kept, and the asked page is cut from it. With a
 * live map, the page is cut from the map's entities: each is asked only of the places the map names, for it alone,
 * so that an entity appears on exactly one page whatever the sources add or drop meanwhile. An entity that no
 * longer matches is removed from the map and the page is filled from the next ones, which keeps the pages after it
 * in step; one whose sources all failed stays in the map.
 */
final class EntityMapPaging {
    /** Ids per request to a source, so that its URL stays short. */
    static final int IDS_PER_REQUEST = 50;
    /** How often a page is refilled after entities dropped out of it. */
    private static final int REFILLS = 3;

    private final Federation federation;
    private final Registrations registrations;
    private final EntityMaps maps;
    private final Clock clock;

    EntityMapPaging(Federation federation, Registrations registrations, EntityMaps maps, Clock clock) {
        this.federation = federation;
        this.registrations = registrations;
        this.maps = maps;
        this.clock = clock;
    }

    MappedAnswer query(Forward forward, EntityQuery query, MapRequest request,
                       Function<EntityQuery, EntityQuery.Page> local) {
        EntityMap map = request.mapId() == null ? null
                : maps.live(forward.tenant(), request.reader(), request.mapId());
        return map == null ? create(forward, query, request, local) : page(map, forward, query, local);
    }

    private MappedAnswer create(Forward forward, EntityQuery query, MapRequest request,
                                Function<EntityQuery, EntityQuery.Page> local) {
        int capacity = maps.limits().maxEntities();
        List<Registration> sources = request.local() ? List.of() : federation.sourcesFor(forward.tenant(), query,
                forward.query() != null ? Operations.QUERY_BATCH : Operations.QUERY_ENTITY);
        EntityMerge merge = new EntityMerge();
        Map<String, Set<String>> holders = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        int page = Math.min(capacity + 1, Federation.MAX_SOURCE_LIMIT);
        Map<Registration, Integer> next = new LinkedHashMap<>();
        sources.forEach(source -> next.put(source, 0));
        EntityQuery.Page localMatches = null;
        // Sources are asked page after page until each has given all its matches (or the map would be too large; a
        // source that answers full pages for ever is cut off there too).
        int rounds = 0;
        while (localMatches == null || !next.isEmpty() && holders.size() <= capacity && rounds <= capacity / page) {
            rounds++;
            List<Federation.SourceRequest> requests = new ArrayList<>();
            next.forEach((source, offset) -> requests.add(new Federation.SourceRequest(source, page, offset, null)));
            boolean first = localMatches == null;
            Federation.Gathered<EntityQuery.Page> gathered = federation.gather(forward, query, requests,
                    () -> first ? local.apply(query.paged(capacity + 1, 0)) : null);
            if (first) {
                localMatches = gathered.local();
                merge.add(localMatches.entities(), false);
                localMatches.entities().forEach(entity -> hold(holders, entity.id(), EntityMap.LOCAL));
            }
            next.clear();
            for (Federation.SourceEntities answer : gathered.sources()) {
                warnings.addAll(answer.warnings());
                merge.add(answer.entities(), answer.source().mode() == Mode.AUXILIARY);
                answer.entities().forEach(entity -> hold(holders, entity.id(), answer.source().id()));
                int asked = requests.stream().filter(r -> r.source() == answer.source()).findFirst().orElseThrow()
                        .offset();
                if (answer.entities().size() == page) {
                    next.put(answer.source(), asked + page);
                }
            }
        }
        if (!next.isEmpty() || localMatches.entities().size() > capacity) {
            throw maps.tooMany(Math.max(holders.size(), capacity + 1));
        }
        ReadScope readable = query.readable();
        List<Entity> all = merge.merged().values().stream().filter(readable::allows).map(readable::trim)
                .sorted(EntityOrder.of(query.ordering())).toList();
        if (all.size() > capacity) {
            throw maps.tooMany(all.size());
        }
        List<EntityMap.Entry> entries = all.stream()
                .map(entity -> new EntityMap.Entry(entity.id(), List.copyOf(holders.get(entity.id())))).toList();
        EntityMap map = maps.create(forward.tenant(), request.reader(), request.lifetime(), entries);
        List<Entity> shown = all.subList(Math.min(all.size(), query.offset()),
                Math.min(all.size(), query.offset() + query.limit()));
        return new MappedAnswer(new Answer(shown, query.count() ? (long) all.size() : null, warnings), map.id(), true,
                map.toJson());
    }

    private static void hold(Map<String, Set<String>> holders, String entityId, String place) {
        holders.computeIfAbsent(entityId, id -> new LinkedHashSet<>()).add(place);
    }

    private MappedAnswer page(EntityMap map, Forward forward, EntityQuery query,
                              Function<EntityQuery, EntityQuery.Page> local) {
        Set<String> named = namedIds(query);
        List<EntityMap.Entry> live = new ArrayList<>(map.entries().stream()
                .filter(entry -> named == null || named.contains(entry.entityId())).toList());
        List<Entity> shown = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> gone = new HashSet<>();
        ReadScope readable = query.readable();
        int position = query.offset();
        int wanted = query.limit();
        for (int round = 0; round <= REFILLS && wanted > 0 && position < live.size(); round++) {
            List<EntityMap.Entry> slice = List.copyOf(live.subList(position, Math.min(live.size(), position + wanted)));
            Fetched fetched = fetch(slice, forward, query, local);
            warnings.addAll(fetched.warnings());
            int kept = 0;
            for (EntityMap.Entry entry : slice) {
                Entity entity = fetched.found().get(entry.entityId());
                if (entity == null && !fetched.unanswered().contains(entry.entityId())) {
                    gone.add(entry.entityId());
                    continue;
                }
                kept++;
                if (entity != null && readable.allows(entity)) {
                    shown.add(readable.trim(entity));
                }
            }
            live.removeIf(entry -> gone.contains(entry.entityId()));
            position += kept;
            wanted -= kept;
        }
        maps.remove(map, gone);
        return new MappedAnswer(new Answer(shown, query.count() ? (long) live.size() : null, warnings), map.id(),
                false, map.without(gone).toJson());
    }

    /** The ids a later query names in every one of its selectors (it pages those of the map only); null for any. */
    private static Set<String> namedIds(EntityQuery query) {
        if (query.selectors().isEmpty() || query.selectors().stream().anyMatch(s -> s.ids().isEmpty())) {
            return null;
        }
        Set<String> ids = new HashSet<>();
        for (EntitySelector selector : query.selectors()) {
            ids.addAll(selector.ids());
        }
        return ids;
    }

    /**
     * @param found      the entities that still match, merged from the places the map names
     * @param unanswered the ids no place returned because a place that holds them failed: not known to be gone
     */
    private record Fetched(Map<String, Entity> found, Set<String> unanswered, List<String> warnings) {
    }

    /** Asks each place the map names for its entities of the slice, all at once; the local store meanwhile. */
    private Fetched fetch(List<EntityMap.Entry> slice, Forward forward, EntityQuery query,
                          Function<EntityQuery, EntityQuery.Page> local) {
        Map<String, Registration> active = new HashMap<>();
        registrations.active(forward.tenant(), clock.instant()).forEach(r -> active.put(r.id(), r));
        List<String> localIds = new ArrayList<>();
        Map<Registration, List<String>> bySource = new LinkedHashMap<>();
        for (EntityMap.Entry entry : slice) {
            for (String place : entry.sources()) {
                if (place.equals(EntityMap.LOCAL)) {
                    localIds.add(entry.entityId());
                } else if (active.containsKey(place)) {
                    // A registration removed since the map was made holds nothing any more.
                    bySource.computeIfAbsent(active.get(place), r -> new ArrayList<>()).add(entry.entityId());
                }
            }
        }
        List<Federation.SourceRequest> requests = new ArrayList<>();
        bySource.forEach((source, ids) -> {
            for (int from = 0; from < ids.size(); from += IDS_PER_REQUEST) {
                List<String> chunk = List.copyOf(ids.subList(from, Math.min(ids.size(), from + IDS_PER_REQUEST)));
                requests.add(new Federation.SourceRequest(source, chunk.size(), 0, chunk));
            }
        });
        EntityQuery localQuery = localIds.isEmpty() ? null : query.forIds(localIds);
        Federation.Gathered<EntityQuery.Page> gathered = federation.gather(forward, query, requests,
                () -> localQuery == null ? new EntityQuery.Page(List.of(), null)
                        : local.apply(localQuery.paged(localIds.size(), 0)));
        Set<String> asked = new HashSet<>();
        slice.forEach(entry -> asked.add(entry.entityId()));
        EntityMerge merge = new EntityMerge();
        merge.add(gathered.local().entities().stream().filter(entity -> asked.contains(entity.id())).toList(), false);
        List<String> warnings = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        for (Federation.SourceEntities answer : gathered.sources()) {
            warnings.addAll(answer.warnings());
            if (answer.failed()) {
                failed.add(answer.source().id());
            }
            merge.add(answer.entities().stream().filter(entity -> asked.contains(entity.id())).toList(),
                    answer.source().mode() == Mode.AUXILIARY);
        }
        Map<String, Entity> found = merge.merged();
        Set<String> unanswered = new HashSet<>();
        for (EntityMap.Entry entry : slice) {
            if (!found.containsKey(entry.entityId()) && entry.sources().stream().anyMatch(failed::contains)) {
                unanswered.add(entry.entityId());
            }
        }
        return new Fetched(found, unanswered, warnings);
    }
}
