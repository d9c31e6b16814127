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

    /** One media range of an Accept header with its quality. */
    public record Choice(String type, double q) {
    }

    /** The media ranges of an Accept header, most wanted first, without those refused (q=0). */
    public static java.util.List<Choice> ranked(String accept) {
        java.util.List<Choice> choices = new java.util.ArrayList<>();
        for (String part : accept.split(",")) {
            String[] pieces = part.split(";");
            String type = pieces[0].trim().toLowerCase(java.util.Locale.ROOT);
            double q = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].trim();
                if (parameter.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0 && !type.isEmpty()) {
                choices.add(new Choice(type, q));
            }
        }
        choices.sort((a, b) -> Double.compare(b.q, a.q));
        return choices;
    }
}
