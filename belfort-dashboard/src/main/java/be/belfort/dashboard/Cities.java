package be.belfort.dashboard;

import be.belfort.model.ReadScope;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.Datasets;
import be.belfort.query.EntityFinder;
import be.belfort.query.QueryService;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The cities of the region as a viewer sees them: every tenant that has declared a dataset, with the entity
 * types the viewer may read there, how many entities each has and when they last changed.
 */
public final class Cities {
    static final int PLACE_SAMPLE = 100;
    /** How old a city's snapshot gets before a request has a new one taken (in the background). */
    public static final Duration RENEWED_AFTER = Duration.ofSeconds(10);
    /** The oldest snapshot a page shows: an older one is taken afresh before the page is answered. */
    public static final Duration AT_MOST = Duration.ofSeconds(60);
    /** Unviewed this long, a snapshot is let go. */
    private static final Duration KEPT_UNVIEWED = Duration.ofMinutes(10);
    /** Snapshots kept at most: a few scopes (anonymous, a few roles) of each city. */
    private static final int MAX_SNAPSHOTS = 256;

    private final Datasets datasets;
    private final QueryService queries;
    private final Entities entities;
    private final CityMap map;
    private final UnaryOperator<String> compact;
    private final Clock clock;
    private final LoadingCache<Viewed, CitySnapshot> snapshots;
    private static final java.util.concurrent.Executor RENEWALS = runnable -> Thread.ofVirtual()
            .name("belfort-dashboard-snapshot").start(runnable);

    public Cities(Datasets datasets, QueryService queries, Entities entities, CityMap map, UnaryOperator<String> compact,
                  Clock clock) {
        this.datasets = datasets;
        this.queries = queries;
        this.entities = entities;
        this.map = map;
        this.compact = compact;
        this.clock = clock;
        // A snapshot of a city whose own broker is slow waits up to the federation's timeout: on a thread of its own,
        // so that it holds up no other renewal (the common pool has one thread per core but one).
        this.snapshots = Caffeine.newBuilder().executor(RENEWALS).maximumSize(MAX_SNAPSHOTS).refreshAfterWrite(RENEWED_AFTER)
                .expireAfterWrite(AT_MOST).expireAfterAccess(KEPT_UNVIEWED)
                .build(viewed -> take(viewed.tenant(), viewed.scope()));
    }

    /** One type a city publishes. */
    public record TypeSummary(String type, String name, long count, Instant newest) {
    }

    /**
     * One city.
     *
     * @param segment the tenant as it stands in the dashboard's paths ({@code -} for the default tenant)
     * @param freeParking free places in its car parks now, or null when it shows none
     * @param air         its air quality now, or null when it shows none
     * @param centre      where it lies on the regional map, or null when none of what it shows has a place
     */
    public record City(String tenant, String segment, List<TypeSummary> types, Instant newest, Long freeParking,
                       Air air, Place centre, Sources sources) {
        public City(String tenant, String segment) {
            this(tenant, segment, List.of(), null, null, null, null, Sources.NONE);
        }

        /** Whether some of its data comes from its own broker (context sources registered in its tenant). */
        public boolean federated() {
            return sources != Sources.NONE;
        }

        /** Whether its own broker could not answer when the figures were taken: what it holds is missing. */
        public boolean unavailable() {
            return sources == Sources.UNAVAILABLE;
        }

        /** The city's name as people write it: "sint-niklaas" is Sint-Niklaas. */
        public String name() {
            return displayName(tenant);
        }

        public long entityCount() {
            return types.stream().mapToLong(TypeSummary::count).sum();
        }
    }

    /** Where a city's data comes from: the region alone, or also its own broker, which answered or did not. */
    public enum Sources {
        NONE, ANSWERED, UNAVAILABLE
    }

    /** A point on the map, in degrees. */
    public record Place(double lon, double lat) {
    }

    /** A city's air quality now: the worst band of the European Air Quality Index among its stations. */
    public record Air(String band, int stations) {
    }

    /** The tenants that declared datasets or registered their own brokers (context sources), sorted. */
    public List<String> tenants() {
        TreeSet<String> tenants = new TreeSet<>(entities.federatedTenants());
        datasets.all().forEach(dataset -> tenants.add(dataset.tenant()));
        return List.copyOf(tenants);
    }

    /** The cities in which the viewer may read something, by name, as last taken (see {@link #snapshot}). */
    public List<CitySnapshot> visible(Scopes scopes) {
        List<CitySnapshot> cities = new ArrayList<>();
        for (String tenant : tenants()) {
            ReadScope scope = scopes.in(tenant);
            CitySnapshot city = snapshot(tenant, scope);
            if (city != null && city.shows(scope)) {
                cities.add(city);
            }
        }
        return cities;
    }

    /** The city as the viewer sees it (as last taken), or null when nobody has written to the tenant. */
    public City city(String tenant, ReadScope scope) {
        CitySnapshot snapshot = snapshot(tenant, scope);
        return snapshot == null ? null : snapshot.city();
    }

    /**
     * The city as the viewer's scope saw it at most {@link #AT_MOST} ago, or null when nobody has written to the
     * tenant. The snapshot is kept per tenant and scope (what one scope sees never reaches another): once older than
     * {@link #RENEWED_AFTER}, the next request still gets it while a new one is taken in the background. So a page
     * asked again costs no query over the city's entities, and a change shows within {@link #RENEWED_AFTER} (plus the
     * time a snapshot takes) while the city is being viewed.
     */
    public CitySnapshot snapshot(String tenant, ReadScope scope) {
        return snapshots.get(new Viewed(tenant, scope));
    }

    /** A city as one scope sees it: what a snapshot is kept for. */
    private record Viewed(String tenant, ReadScope scope) {
    }

    /**
     * Takes the city as the scope sees it now: its types and, of each, the marks of its entities. The types its own
     * broker holds (context sources registered in its tenant) are asked of it, and those of its datasets, and their
     * entities read through the same distributed query as the API's; a broker that does not answer (within the
     * federation's timeout) leaves the city marked unavailable with what the region has.
     */
    CitySnapshot take(String tenant, ReadScope scope) {
        if (!entities.tenantExists(tenant)) {
            return null;
        }
        boolean federated = entities.isFederated(tenant);
        List<String> warnings = new ArrayList<>();
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        try {
            queries.types(tenant, null).forEach(info -> counts.put(info.type(), info.entityCount()));
        } catch (be.belfort.model.NgsiLdException nothingHere) {
            // The tenant is kept at its own broker only.
        }
        if (federated) {
            entities.typesAtSources(tenant, scope, warnings).forEach(type -> counts.putIfAbsent(type, 0L));
            datasets.all().stream().filter(dataset -> dataset.tenant().equals(tenant))
                    .forEach(dataset -> counts.putIfAbsent(dataset.type(), 0L));
        }
        List<TypeSummary> types = new ArrayList<>();
        java.util.Map<String, List<CityMap.Mark>> marks = new java.util.HashMap<>();
        counts.forEach((typeIri, localCount) -> {
            if (!scope.allowsType(typeIri) || (localCount == 0 && !federated)) {
                return;
            }
            TypeSummary type = new TypeSummary(typeIri, compact.apply(typeIri), localCount, null);
            List<CityMap.Mark> ofType = map.marks(tenant, type, scope, warnings);
            if (ofType.isEmpty()) {
                return;
            }
            // A layer holds at most MAX_PER_LAYER entities: the newest change of a larger one is asked for.
            Instant newest = ofType.size() < CityMap.MAX_PER_LAYER
                    ? ofType.stream().map(CityMap.Mark::modifiedAt).filter(java.util.Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(null)
                    : entities.newestChange(tenant, typeIri, scope);
            // Merged with a broker's entities, a layer counts what it shows.
            TypeSummary seen = new TypeSummary(typeIri, type.name(), Math.max(localCount, ofType.size()), newest);
            types.add(seen);
            marks.put(seen.type(), ofType);
        });
        types.sort(Comparator.comparing(TypeSummary::name));
        Instant newest = types.stream().map(TypeSummary::newest).filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        Sources sources = !federated ? Sources.NONE : warnings.isEmpty() ? Sources.ANSWERED : Sources.UNAVAILABLE;
        City city = new City(tenant, segment(tenant), types, newest, freeParking(types, marks), air(types, marks),
                centre(types, marks), sources);
        return new CitySnapshot(city, types.stream().map(type -> new CitySnapshot.Marks(type, marks.get(type.type())))
                .toList(), clock.instant());
    }

    /**
     * The middle of the area the city's entities cover, as far as the viewer sees them: the extent of the first
     * {@value #PLACE_SAMPLE} placed entities of each type, enough to put a city on the regional map.
     */
    private static Place centre(List<TypeSummary> types, java.util.Map<String, List<CityMap.Mark>> marks) {
        double west = Double.MAX_VALUE, south = Double.MAX_VALUE, east = -Double.MAX_VALUE, north = -Double.MAX_VALUE;
        for (TypeSummary type : types) {
            List<CityMap.Mark> placed = marks.get(type.type()).stream().filter(mark -> mark.lon() != null
                    && Math.abs(mark.lon()) <= 180 && Math.abs(mark.lat()) <= 90).limit(PLACE_SAMPLE).toList();
            for (CityMap.Mark mark : placed) {
                west = Math.min(west, mark.lon());
                east = Math.max(east, mark.lon());
                south = Math.min(south, mark.lat());
                north = Math.max(north, mark.lat());
            }
        }
        return west > east ? null : new Place((west + east) / 2, (south + north) / 2);
    }

    private static Long freeParking(List<TypeSummary> types, java.util.Map<String, List<CityMap.Mark>> marks) {
        TypeSummary parking = types.stream().filter(type -> type.name().equals(Headlines.PARKING)).findFirst().orElse(null);
        if (parking == null) {
            return null;
        }
        long free = 0;
        for (CityMap.Mark carPark : marks.get(parking.type())) {
            Double available = carPark.number();
            free += available == null ? 0 : available.longValue();
        }
        return free;
    }

    private static Air air(List<TypeSummary> types, java.util.Map<String, List<CityMap.Mark>> marks) {
        TypeSummary air = types.stream().filter(type -> type.name().equals(Headlines.AIR)).findFirst().orElse(null);
        if (air == null) {
            return null;
        }
        int worst = -1;
        List<CityMap.Mark> stations = marks.get(air.type());
        for (CityMap.Mark station : stations) {
            worst = Math.max(worst, AirQualityBand.BANDS.indexOf(station.band()));
        }
        return worst < 0 ? null : new Air(AirQualityBand.BANDS.get(worst), stations.size());
    }

    public static String displayName(String tenant) {
        StringBuilder name = new StringBuilder(tenant.length());
        boolean start = true;
        for (char c : tenant.toCharArray()) {
            name.append(start ? Character.toUpperCase(c) : c);
            start = c == '-' || c == ' ';
        }
        return name.toString();
    }

    /** The tenant as a path segment: {@code -} stands for the default tenant, as in the open data paths. */
    public static String segment(String tenant) {
        return tenant.isEmpty() ? Dataset.DEFAULT_TENANT_SEGMENT : tenant;
    }

    public static String tenantOf(String segment) {
        return Dataset.tenantOf(segment);
    }
}
