package be.belfort.api;

import be.belfort.opendata.Catalog;
import be.belfort.opendata.CatalogSettings;
import io.javalin.http.Context;

/**
 * The platform's public base URL, on which every catalogue and stream IRI is built: the configured one
 * (production, behind a proxy), or else the scheme and host the request came to.
 */
public final class PublicUrls {
    private final String configured;
    private final String publisherName;

    /** @param configured the public base URL, or null to take it from each request */
    public PublicUrls(String configured, String publisherName) {
        this.configured = configured;
        this.publisherName = publisherName;
    }

    public String base(Context ctx) {
        return configured != null ? configured : ctx.scheme() + "://" + ctx.host();
    }

    public Catalog catalog(Context ctx) {
        return new Catalog(new CatalogSettings(base(ctx), publisherName));
    }
}
