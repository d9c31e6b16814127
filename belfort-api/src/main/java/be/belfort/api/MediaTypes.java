package be.belfort.api;

/** The media types of the NGSI-LD HTTP binding. */
public final class MediaTypes {
    public static final String JSON = "application/json";
    public static final String JSON_LD = "application/ld+json";
    public static final String GEO_JSON = "application/geo+json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String PROBLEM = "application/problem+json";
    public static final String JSON_LD_CONTEXT_REL = "http://www.w3.org/ns/json-ld#context";

    private MediaTypes() {
    }

    /** The media type of a Content-Type header without its parameters, lower-cased. */
    public static String essence(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** The Link header value that names a JSON-LD @context. */
    public static String contextLink(String url) {
        return "<" + url + ">; rel=\"" + JSON_LD_CONTEXT_REL + "\"; type=\"" + JSON_LD + "\"";
    }
}
