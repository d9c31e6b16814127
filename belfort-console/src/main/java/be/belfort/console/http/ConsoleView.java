package be.belfort.console.http;

import be.belfort.console.ConsoleTexts;
import be.belfort.dashboard.Cities;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What every console page's template needs beside its own data: the texts in the person's language, the URLs
 * of the console's pages, the token its forms carry, who is signed in, and the dashboard's style sheet.
 *
 * @param path      this page's path, for the language switch
 * @param formToken the session's token for every form, or null before sign-in
 * @param person    who is signed in (the key or token id), or null
 * @param city      the city (tenant path segment) this page is about, or null
 * @param cityAdmin whether the person administers that city (else they see its subscriptions only)
 * @param stylesheet the dashboard's style sheet; {@code consoleStylesheet} adds the console's forms to it
 */
public record ConsoleView(ConsoleTexts t, String path, String formToken, String person, boolean admin, String city,
                          boolean cityAdmin,
                          String stylesheet, String consoleStylesheet, String script) {
    static final String ROOT = be.belfort.console.ConsoleFeature.PATH;

    public String lang() {
        return t.language().code();
    }

    public String switchUrl() {
        return path + "?lang=" + t.language().other().code();
    }

    public String home() {
        return ROOT;
    }

    public String signIn() {
        return ROOT + "/sign-in";
    }

    public String signOut() {
        return ROOT + "/sign-out";
    }

    public String health() {
        return ROOT + "/health";
    }

    public String catalogue() {
        return "/dashboard/catalogue";
    }

    public String cityName(String segment) {
        return segment.equals("-") ? t.get("city.default") : Cities.displayName(Cities.tenantOf(segment));
    }

    /** The console path of a city (its tenant as a path segment). */
    static String cityPath(String segment) {
        return ROOT + "/cities/" + segment(segment);
    }

    public String keys(String segment) {
        return cityPath(segment) + "/keys";
    }

    public String revokeKey(String segment, String id) {
        return keys(segment) + "/" + segment(id) + "/revoke";
    }

    public String datasets(String segment) {
        return cityPath(segment) + "/datasets";
    }

    public String dataset(String segment, String type) {
        return datasets(segment) + "/" + segment(type);
    }

    public String subscriptions(String segment) {
        return cityPath(segment) + "/subscriptions";
    }

    /** A text as one path segment. */
    public String pathSegment(String text) {
        return segment(text);
    }

    /** Where the list's "another type" form goes: it leads to that type's form. */
    public String declare(String segment) {
        return cityPath(segment) + "/declare";
    }

    public String audit(String segment) {
        return cityPath(segment) + "/audit";
    }

    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(String text) {
        return URLEncoder.encode(text == null ? "" : text, StandardCharsets.UTF_8);
    }
}
