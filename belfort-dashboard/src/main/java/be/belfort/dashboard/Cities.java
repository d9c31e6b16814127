package be.belfort.dashboard;

import be.belfort.model.Entity;
import be.belfort.model.ReadScope;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.Datasets;
import be.belfort.query.EntityFinder;
import be.belfort.query.QueryService;

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

    private final Datasets datasets;
    private final QueryService queries;
    private final Entities entities;
    private final UnaryOperator<String> compact;

    public Cities(Datasets datasets, QueryService queries, Entities entities, UnaryOperator<String> compact) {
        this.datasets = datasets;
        this.queries = queries;
        this.entities = entities;
        this.compact = compact;
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
                       Air air, Place centre) {
        public City(String tenant, String segment) {
            this(tenant, segment, List.of(), null, null, null, null);
        }

        /** The city's name as people write it: "sint-niklaas" is Sint-Niklaas. */
        public String name() {
            return displayName(tenant);
        }

        public long entityCount() {
            return types.stream().mapToLong(TypeSummary::count).sum();
        }
    }

    /** A point on the map, in degrees. */
    public record Place(double lon, double lat) {
    }

    /** A city's air quality now: the worst band of the European Air Quality Index among its stations. */
    public record Air(String band, int stations) {
    }

    /** The tenants that declared datasets, sorted. */
    public List<String> tenants() {
        TreeSet<String> tenants = new TreeSet<>();
        datasets.all().forEach(dataset -> tenants.add(dataset.tenant()));
        return List.copyOf(tenants);
    }

    /** The cities in which the viewer may read something, by name. */
    public List<City> visible(Scopes scopes) {
        List<City> cities = new ArrayList<>();
        for (String tenant : tenants()) {
            City city = city(tenant, scopes.in(tenant));
            if (city != null && !city.types().isEmpty()) {
                cities.add(city);
            }
        }
        return cities;
    }

    /** The city as the viewer sees it, or null when nobody has written to the tenant. */
    public City city(String tenant, ReadScope scope) {
        if (!entities.tenantExists(tenant)) {
            return null;
        }
        List<TypeSummary> types = new ArrayList<>();
        for (EntityFinder.TypeInfo info : queries.types(tenant, null)) {
            if (scope.allowsType(info.type()) && info.entityCount() > 0) {
                types.add(new TypeSummary(info.type(), compact.apply(info.type()), info.entityCount(),
                        entities.newestChange(tenant, info.type(), scope)));
            }
        }
        types.sort(Comparator.comparing(TypeSummary::name));
        Instant newest = types.stream().map(TypeSummary::newest).filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return new City(tenant, segment(tenant), types, newest, freeParking(tenant, scope, types),
                air(tenant, scope, types), centre(tenant, scope, types));
    }

    /**
     * The middle of the area the city's entities cover, as far as the viewer sees them: the extent of the first
     * {@value #PLACE_SAMPLE} placed entities of each type, enough to put a city on the regional map.
     */
    private Place centre(String tenant, ReadScope scope, List<TypeSummary> types) {
        double west = Double.MAX_VALUE, south = Double.MAX_VALUE, east = -Double.MAX_VALUE, north = -Double.MAX_VALUE;
        for (TypeSummary type : types) {
            for (Entity entity : entities.ofType(tenant, type.type(), scope, PLACE_SAMPLE)) {
                double[] point = Attributes.point(entity);
                if (point != null && Math.abs(point[0]) <= 180 && Math.abs(point[1]) <= 90) {
                    west = Math.min(west, point[0]);
                    east = Math.max(east, point[0]);
                    south = Math.min(south, point[1]);
                    north = Math.max(north, point[1]);
                }
            }
        }
        return west > east ? null : new Place((west + east) / 2, (south + north) / 2);
    }

    private Long freeParking(String tenant, ReadScope scope, List<TypeSummary> types) {
        TypeSummary parking = types.stream().filter(type -> type.name().equals(Headlines.PARKING)).findFirst().orElse(null);
        if (parking == null) {
            return null;
        }
        long free = 0;
        for (Entity carPark : entities.ofType(tenant, parking.type(), scope, Entities.PAGE)) {
            Double available = Attributes.number(carPark, Attributes.find(carPark, compact, "availableSpotNumber"));
            free += available == null ? 0 : available.longValue();
        }
        return free;
    }

    private Air air(String tenant, ReadScope scope, List<TypeSummary> types) {
        TypeSummary air = types.stream().filter(type -> type.name().equals(Headlines.AIR)).findFirst().orElse(null);
        if (air == null) {
            return null;
        }
        int worst = -1;
        List<Entity> stations = entities.ofType(tenant, air.type(), scope, Entities.PAGE);
        for (Entity station : stations) {
            worst = Math.max(worst, AirQualityBand.BANDS.indexOf(Headlines.band(Headlines.AIR, station, compact)));
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
