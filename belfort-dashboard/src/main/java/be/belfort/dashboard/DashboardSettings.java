package be.belfort.dashboard;

import java.net.URI;

/**
 * How the dashboard is configured.
 *
 * @param mapTiles        the URL template of the background map's tiles ({z}, {x}, {y}), or {@code none} for a
 *                        plain background
 * @param tileAttribution the credit the tiles' provider asks for, shown on the map
 */
public record DashboardSettings(String mapTiles, String tileAttribution) {
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{[a-z]+}");
    public static final String OPENSTREETMAP = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    public static final String OPENSTREETMAP_ATTRIBUTION = "© OpenStreetMap contributors";
    public static final DashboardSettings DEFAULT = new DashboardSettings(OPENSTREETMAP, OPENSTREETMAP_ATTRIBUTION);
    public static final DashboardSettings NO_TILES = new DashboardSettings("none", "");

    public DashboardSettings {
        mapTiles = mapTiles == null || mapTiles.isBlank() ? "none" : mapTiles.trim();
        tileAttribution = tileAttribution == null ? "" : tileAttribution;
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
