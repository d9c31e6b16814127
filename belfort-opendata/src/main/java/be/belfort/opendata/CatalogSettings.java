package be.belfort.opendata;

/**
 * What the catalogue says about itself.
 *
 * @param baseUrl       the platform's public base URL, without a trailing slash: every catalogue IRI starts with it
 * @param publisherName who runs the platform, as the catalogue's publisher
 */
public record CatalogSettings(String baseUrl, String publisherName) {
    public CatalogSettings {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
