package be.belfort.subscriptions;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a delivery failed, fit to keep and to show a city's staff: one line of at most {@link #MAX_LENGTH}
 * characters, and every address in it without its user information, query and fragment, since a receiver's
 * URL may carry credentials there (a token in the query, a user and password before the host).
 */
public final class FailureReason {
    public static final int MAX_LENGTH = 200;
    private static final Pattern ADDRESS = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s\"'<>]+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private FailureReason() {
    }

    /** The reason scrubbed and cut to length; null stays null. */
    public static String of(String said) {
        if (said == null) {
            return null;
        }
        Matcher addresses = ADDRESS.matcher(SPACE.matcher(said).replaceAll(" ").strip());
        StringBuilder scrubbed = new StringBuilder();
        while (addresses.find()) {
            addresses.appendReplacement(scrubbed, Matcher.quoteReplacement(withoutSecrets(addresses.group())));
        }
        addresses.appendTail(scrubbed);
        return scrubbed.length() <= MAX_LENGTH ? scrubbed.toString() : scrubbed.substring(0, MAX_LENGTH - 1) + "…";
    }

    /** Scheme, host, port and path of an address; only its scheme when it cannot be read. */
    static String withoutSecrets(String address) {
        try {
            URI uri = new URI(address);
            if (uri.getHost() == null) {
                return uri.getScheme() + "://…";
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (java.net.URISyntaxException | RuntimeException unreadable) {
            return address.substring(0, address.indexOf("://")) + "://…";
        }
    }
}
