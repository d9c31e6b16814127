package be.belfort.server;

/**
 * How long the platform's own HTTP clients (notifications, federation, remote @contexts, feeds, the demo's feeders)
 * keep an idle connection for the next request.
 *
 * <p>The JDK's client keeps one 30 s by default, the same as this platform's server and many others, and it does not
 * read a server's {@code Keep-Alive: timeout}. When both sides give up on the same connection at the same moment, a
 * request sent on it is lost before any answer: the JDK sends a GET again, but fails a POST (a notification, an
 * ingested batch) with "header parser received no bytes". Closing idle connections after a few seconds stays under
 * the idle timeouts servers commonly use, so the client never reuses a connection its server is closing; a busy
 * connection is reused as before.
 */
final class OutboundHttp {
    static final String KEEP_ALIVE_PROPERTY = "jdk.httpclient.keepalive.timeout";
    static final String KEEP_ALIVE_SECONDS = "4";

    private OutboundHttp() {
    }

    /** Sets the idle time unless the operator set one ({@code -Djdk.httpclient.keepalive.timeout=N}); before any client exists. */
    static void keepIdleConnectionsBriefly() {
        if (System.getProperty(KEEP_ALIVE_PROPERTY) == null) {
            System.setProperty(KEEP_ALIVE_PROPERTY, KEEP_ALIVE_SECONDS);
        }
    }
}
