package be.belfort.dashboard.http;

import be.belfort.dashboard.DashboardSettings;

import java.util.List;

/**
 * The dashboard's Content-Security-Policy: scripts, styles and data from the platform itself only, no inline
 * script and no eval; images also from the map's tile server when there is one. Pages are not framed; the
 * embeddable views may be, by the origins the dashboard's settings name and those their city added.
 */
final class ContentSecurity {
    private ContentSecurity() {
    }

    static String policy(DashboardSettings settings) {
        return policy(settings, "'none'");
    }

    static String embedPolicy(DashboardSettings settings, List<String> cityOrigins) {
        return policy(settings, frameAncestors(settings, cityOrigins));
    }

    /**
     * The platform's sources and the city's origins; the city's alone when the platform allows no one, as
     * {@code 'none'} stands alone.
     */
    static String frameAncestors(DashboardSettings settings, List<String> cityOrigins) {
        if (cityOrigins.isEmpty()) {
            return settings.embedOrigins();
        }
        List<String> sources = new java.util.ArrayList<>();
        if (!settings.embedOrigins().equals("'none'")) {
            sources.addAll(List.of(settings.embedOrigins().split(" ")));
        }
        cityOrigins.stream().filter(origin -> !sources.contains(origin)).forEach(sources::add);
        return String.join(" ", sources);
    }

    /** The X-Frame-Options that says the same, or null when it cannot (other origins may frame). */
    static String frameOptions(DashboardSettings settings, List<String> cityOrigins) {
        return cityOrigins.isEmpty() ? settings.embedFrameOptions() : null;
    }

    private static String policy(DashboardSettings settings, String frameAncestors) {
        String tiles = settings.tiles() ? " " + settings.tileOrigin() : "";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" + tiles
                + "; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
                + " frame-ancestors " + frameAncestors;
    }
}
