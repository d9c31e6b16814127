package be.belfort.dashboard;

import be.belfort.model.NgsiLdException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The websites a city allows to frame its embeddable views, beside the platform's own list: origins only
 * ({@code https://www.gent.be}, {@code http://localhost:8081}, {@code https://*.gent.be}), never keywords, paths or
 * anything else that could reach the Content-Security-Policy header.
 */
public final class EmbedOrigins {
    /** More than a city's websites need, few enough that the header stays small. */
    public static final int MAX = 20;

    /** Where a city's origins are kept. */
    public interface Store {
        /** The city's origins, empty when it named none. */
        List<String> of(String tenant);

        void put(String tenant, List<String> origins);
    }

    private final Store store;

    public EmbedOrigins(Store store) {
        this.store = store;
    }

    public List<String> of(String tenant) {
        return store.of(tenant);
    }

    /** Checks and keeps the city's origins (an empty list removes them); answers them as kept. */
    public List<String> put(String tenant, List<String> origins) {
        List<String> valid = valid(origins);
        store.put(tenant, valid);
        return valid;
    }

    /** The origins in their one written form (lower case, no trailing slash), or a 400 that says which is wrong. */
    public static List<String> valid(List<String> origins) {
        if (origins.size() > MAX) {
            throw NgsiLdException.badData("embedOrigins lists at most " + MAX + " origins, not " + origins.size());
        }
        List<String> valid = new ArrayList<>();
        for (String origin : origins) {
            String normalised = origin(origin);
            if (!valid.contains(normalised)) {
                valid.add(normalised);
            }
        }
        return List.copyOf(valid);
    }

    private static String origin(String text) {
        String candidate = text == null ? "" : text.trim();
        if (candidate.endsWith("/")) {
            candidate = candidate.substring(0, candidate.length() - 1);
        }
        if (!DashboardSettings.isOrigin(candidate)) {
            throw invalid(text);
        }
        try {
            // The wildcard label is no host name: checked as "any" in its place.
            URI uri = new URI(candidate.replace("://*.", "://any."));
            if (uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                    || uri.getPort() > 65535 || uri.getHost().startsWith(".") || uri.getHost().endsWith(".")
                    || uri.getHost().contains("..") || uri.getHost().startsWith("-")) {
                throw invalid(text);
            }
        } catch (URISyntaxException e) {
            throw invalid(text);
        }
        return candidate.toLowerCase(Locale.ROOT);
    }

    private static NgsiLdException invalid(String text) {
        return NgsiLdException.badData("embedOrigins lists origins: http:// or https://, a host name and an optional"
                + " port, such as https://www.gent.be or https://*.gent.be (no path, no 'self' or 'none'), not '"
                + text + "'");
    }
}
