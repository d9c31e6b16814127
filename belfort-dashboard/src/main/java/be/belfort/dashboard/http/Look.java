package be.belfort.dashboard.http;

/**
 * The dashboard's look, for the platform's other pages (the datapedia) to wear rather than copy: the URL of its
 * style sheet, served by the dashboard under a hash of its content.
 */
public final class Look {
    private static final Assets ASSETS = new Assets();

    private Look() {
    }

    public static String stylesheet() {
        return ASSETS.url("belfort", "dashboard.css");
    }
}
