package be.belfort.dashboard;

import java.net.URI;

/**
 * How the dashboard is configured.
 *
 * @param mapTiles        the URL template of the background map's tiles ({z}, {x}, {y}), or {@code none} for a
 *                        plain background
 * @param tileAttribution the credit the tiles' provider asks for, shown on the map
 * @param embedOrigins    who may show the embeddable views in a frame: the sources of the CSP's
 *                        {@code frame-ancestors}, separated by spaces ({@code 'self'}, {@code 'none'} or origins
 *                        such as {@code https://www.gent.be} and {@code https://*.gent.be})
 */
public record DashboardSettings(String mapTiles, String tileAttribution, String embedOrigins) {
    private static final java.util.regex.Pattern ORIGIN =
            java.util.regex.Pattern.compile("https?://(\\*\\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?/?");
    /** The embeddable views may be framed by the platform's own pages only, unless a city says otherwise. */
    public static final String SELF = "'self'";
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{[a-z]+}");
    public static final String OPENSTREETMAP = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    public static final String OPENSTREETMAP_ATTRIBUTION = "© OpenStreetMap contributors";
    public static final DashboardSettings DEFAULT = new DashboardSettings(OPENSTREETMAP, OPENSTREETMAP_ATTRIBUTION, SELF);
    public static final DashboardSettings NO_TILES = new DashboardSettings("none", "", SELF);

    public DashboardSettings {
        mapTiles = mapTiles == null || mapTiles.isBlank() ? "none" : mapTiles.trim();
        tileAttribution = tileAttribution == null ? "" : tileAttribution;
        embedOrigins = frameAncestors(embedOrigins);
        if (!hasNoTiles(mapTiles)) {
            URI uri;
            try {
                uri = URI.create(PLACEHOLDER.matcher(mapTiles).replaceAll("0"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--map-tiles must be an https or http URL template or none, not "
                        + mapTiles);
            }
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("--map-tiles must be an https or http URL template or none, not "
                        + mapTiles);
            }
        }
    }

    /** Whether the text is an http(s) origin, with an optional {@code *.} before the host and a trailing slash. */
    public static boolean isOrigin(String text) {
        return text != null && ORIGIN.matcher(text).matches();
    }

    public DashboardSettings(String mapTiles, String tileAttribution) {
        this(mapTiles, tileAttribution, SELF);
    }

    public DashboardSettings withEmbedOrigins(String origins) {
        return new DashboardSettings(mapTiles, tileAttribution, origins);
    }

    /**
     * The sources of {@code frame-ancestors}, checked one by one so that nothing else reaches the header: the
     * keywords with or without their quotes, and http(s) origins. Commas separate as well as spaces.
     */
    static String frameAncestors(String origins) {
        if (origins == null || origins.isBlank()) {
            return SELF;
        }
        java.util.List<String> sources = new java.util.ArrayList<>();
        for (String source : origins.trim().split("[\\s,]+")) {
            String bare = source.replace("'", "");
            if (bare.equalsIgnoreCase("self") || bare.equalsIgnoreCase("none")) {
                sources.add("'" + bare.toLowerCase(java.util.Locale.ROOT) + "'");
            } else if (ORIGIN.matcher(source).matches()) {
                sources.add(source.endsWith("/") ? source.substring(0, source.length() - 1) : source);
            } else {
                throw new IllegalArgumentException("--embed-origins lists 'self', 'none' or origins such as"
                        + " https://www.gent.be, not " + source);
            }
        }
        if (sources.contains("'none'") && sources.size() > 1) {
            throw new IllegalArgumentException("--embed-origins 'none' stands alone, not beside " + origins);
        }
        return String.join(" ", sources.stream().distinct().toList());
    }

    /**
     * The X-Frame-Options that says the same as {@code frame-ancestors} to browsers that know only it: SAMEORIGIN
     * for the platform alone, DENY for nobody; null when other origins may frame (the header cannot name them, and
     * browsers that know frame-ancestors ignore it anyway).
     */
    public String embedFrameOptions() {
        return switch (embedOrigins) {
            case SELF -> "SAMEORIGIN";
            case "'none'" -> "DENY";
            default -> null;
        };
    }

    private static boolean hasNoTiles(String tiles) {
        return "none".equalsIgnoreCase(tiles);
    }

    public boolean tiles() {
        return !hasNoTiles(mapTiles);
    }

    /** The origin the browser loads tiles from, for the Content-Security-Policy; null without tiles. */
    public String tileOrigin() {
        if (!tiles()) {
            return null;
        }
        int authorityStart = mapTiles.indexOf("://") + 3;
        int pathStart = mapTiles.indexOf('/', authorityStart);
        String origin = pathStart < 0 ? mapTiles : mapTiles.substring(0, pathStart);
        return PLACEHOLDER.matcher(origin).replaceAll("*");
    }
}
