package be.belfort.api;

import be.belfort.opendata.Catalog;
import be.belfort.opendata.CatalogSettings;
import be.belfort.opendata.Dataset;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The platform's public base URL, on which every catalogue and stream IRI is built: the configured one
 * (production, behind a proxy), or else the scheme and host the request came to.
 */
public final class PublicUrls {
    private final String configured;
    private final String publisherName;
    private final Function<Dataset, Optional<Instant>> lastChange;
    private final java.util.function.Predicate<Dataset> servedByCity;

    public PublicUrls(String configured, String publisherName, Function<Dataset, Optional<Instant>> lastChange) {
        this(configured, publisherName, lastChange, dataset -> false);
    }

    /**
     * @param configured the public base URL, or null to take it from each request
     * @param lastChange when a dataset's data last changed, for the catalogue's dct:modified
     * @param servedByCity whether a dataset's data is held by a city's own broker (a registered context source)
     */
    public PublicUrls(String configured, String publisherName, Function<Dataset, Optional<Instant>> lastChange,
                      java.util.function.Predicate<Dataset> servedByCity) {
        this.configured = configured;
        this.servedByCity = servedByCity;
        this.publisherName = publisherName;
        this.lastChange = lastChange;
    }

    public String base(Context ctx) {
        return configured != null ? configured : ctx.scheme() + "://" + ctx.host();
    }

    public Catalog catalog(Context ctx) {
        return new Catalog(new CatalogSettings(base(ctx), publisherName), lastChange, servedByCity);
    }
}
