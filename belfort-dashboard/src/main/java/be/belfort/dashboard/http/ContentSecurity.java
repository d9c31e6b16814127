package be.belfort.dashboard.http;

import be.belfort.dashboard.DashboardSettings;

/**
 * The dashboard's Content-Security-Policy: scripts, styles and data from the platform itself only, no inline
 * script and no eval; images also from the map's tile server when there is one. Pages are not framed; the
 * embeddable views may be, by the origins the dashboard's settings name.
 */
final class ContentSecurity {
    private ContentSecurity() {
    }

    static String policy(DashboardSettings settings) {
        return policy(settings, "'none'");
    }

    static String embedPolicy(DashboardSettings settings) {
        return policy(settings, settings.embedOrigins());
    }

    private static String policy(DashboardSettings settings, String frameAncestors) {
        String tiles = settings.tiles() ? " " + settings.tileOrigin() : "";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" + tiles
                + "; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
                + " frame-ancestors " + frameAncestors;
    }
}
