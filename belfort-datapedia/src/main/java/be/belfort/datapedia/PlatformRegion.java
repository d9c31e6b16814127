package be.belfort.datapedia;

import be.belfort.model.NgsiLdException;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.Datasets;
import be.belfort.query.EntityFinder;
import be.belfort.query.QueryService;

import java.util.List;
import java.util.TreeSet;

/** The region as the platform holds it: its tenants and the types of their entities and datasets. */
final class PlatformRegion implements Region {
    private final QueryService queries;
    private final Datasets datasets;

    PlatformRegion(QueryService queries, Datasets datasets) {
        this.queries = queries;
        this.datasets = datasets;
    }

    @Override
    public boolean hasCity(String city) {
        return datasets.all().stream().anyMatch(dataset -> dataset.tenant().equals(city)) || exists(city);
    }

    @Override
    public boolean hasType(String type, List<String> cities) {
        if (datasets.all().stream().anyMatch(dataset -> dataset.type().equals(type))) {
            return true;
        }
        for (String city : cities) {
            if (exists(city) && queries.types(city, null).stream().map(EntityFinder.TypeInfo::type).anyMatch(type::equals)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> cities() {
        TreeSet<String> cities = new TreeSet<>();
        datasets.all().stream().map(Dataset::tenant).forEach(cities::add);
        return List.copyOf(cities);
    }

    private boolean exists(String city) {
        try {
            queries.requireTenant(city);
            return true;
        } catch (NgsiLdException nonexistent) {
            return false;
        }
    }
}
