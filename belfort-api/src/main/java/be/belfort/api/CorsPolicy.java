package be.belfort.api;

import java.util.List;

/**
 * Which web pages may call the platform from a browser. The open-data paths answer every origin ({@code *});
 * the NGSI-LD API and the admin paths answer the origins configured here ({@code *} by default). Credentials
 * in the CORS sense (cookies) are never allowed: clients authenticate with an explicit {@code Authorization}
 * or {@code X-API-Key} header, which a page sends itself.
 *
 * @param apiOrigins origins such as {@code https://dashboard.example.be}, or {@code *} for any
 */
public record CorsPolicy(List<String> apiOrigins) {
    public static final CorsPolicy ANY_ORIGIN = new CorsPolicy(List.of("*"));

    public CorsPolicy {
        apiOrigins = apiOrigins.stream().map(String::strip).filter(origin -> !origin.isEmpty())
                .map(origin -> origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin).toList();
        for (String origin : apiOrigins) {
            if (!origin.equals("*") && !origin.matches("https?://[^/?#\\s]+")) {
                throw new IllegalArgumentException("--cors-origins takes origins such as https://dashboard.example.be"
                        + " (scheme, host and port only) or *, not " + origin);
            }
        }
        if (apiOrigins.isEmpty()) {
            apiOrigins = List.of("*");
        }
    }

    boolean anyApiOrigin() {
        return apiOrigins.contains("*");
    }

    boolean allowsApiOrigin(String origin) {
        return anyApiOrigin() || apiOrigins.stream().anyMatch(origin::equalsIgnoreCase);
    }
}
