package be.belfort.dashboard.http;

import be.belfort.dashboard.DashboardSettings;
import be.belfort.dashboard.Texts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What every page's template needs beside its own data: the texts in the viewer's language, the URLs of the
 * dashboard's pages and files, the language switch of this very page and the map's tiles.
 *
 * @param path the path of this page, for the language switch
 * @param base the platform's public base URL, for code that other websites copy
 */
public record View(Texts t, Assets assets, String path, DashboardSettings map, String base) {
    static final String ROOT = "/dashboard";

    public String lang() {
        return t.language().code();
    }

    /** The same page in the other language (the choice is then remembered). */
    public String switchUrl() {
        return path + "?lang=" + t.language().other().code();
    }

    public String switchLabel() {
        return t.get("language.switch");
    }

    public String asset(String library, String file) {
        return assets.url(library, file);
    }

    public String home() {
        return ROOT;
    }

    public String catalogue() {
        return ROOT + "/catalogue";
    }

    public String city(String segment) {
        return cityPath(segment);
    }

    static String cityPath(String segment) {
        return ROOT + "/cities/" + segment(segment);
    }

    public String quality(String segment) {
        return city(segment) + "/quality";
    }

    public String dataset(String segment, String typeName) {
        return city(segment) + "/datasets/" + segment(typeName);
    }

    /** One page of a layer's table on the city page, scrolled to that table. */
    public String tablePage(String segment, String typeName, int page) {
        return city(segment) + "?type=" + query(typeName) + "&page=" + page + "#table-" + segment(typeName);
    }

    public String cityMarkers(String segment) {
        return city(segment) + "/markers.json";
    }

    public String entity(String segment, String id) {
        return entityPath(segment, id);
    }

    public static String entityPath(String segment, String id) {
        return cityPath(segment) + "/entities/" + segment(id);
    }

    public String history(String segment, String id, String attribute, String range, String format) {
        return entity(segment, id) + "/history." + format + "?attr=" + query(attribute) + "&range=" + range;
    }

    public String embedMap(String segment) {
        return ROOT + "/embed/cities/" + segment(segment) + "/map";
    }

    public String embedChart(String segment, String id, String attribute, String range) {
        return ROOT + "/embed/cities/" + segment(segment) + "/entities/" + segment(id) + "/chart?attr=" + query(attribute)
                + "&range=" + range;
    }

    /** The HTML a website pastes to show an embeddable view: a titled frame (the title is for screen readers). */
    public String iframe(String embedPath, String title) {
        return "<iframe src=\"" + base + embedPath + "\" title=\"" + title.replace("\"", "&quot;").replace("<", "&lt;")
                + "\" width=\"100%\" height=\"480\" style=\"border:0\" loading=\"lazy\"></iframe>";
    }

    public String ngsiLd(String id) {
        return "/ngsi-ld/v1/entities/" + segment(id);
    }

    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
