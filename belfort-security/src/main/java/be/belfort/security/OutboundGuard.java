package be.belfort.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which addresses the platform itself may call (remote @contexts, notification endpoints): never
 * link-local (cloud metadata services live there), multicast or unspecified addresses; loopback and private
 * networks only when the operator allows them: all of them, or only the origins it names (a receiver, a feed, a city's
 * broker on the same network). Every address a name resolves to must pass, and callers
 * check again right before each connection; a name that passed is watched by {@link GuardedResolver}, which
 * checks its addresses again whenever the JVM resolves it, so a changed DNS answer is caught too.
 */
public final class OutboundGuard {
    private final boolean allowPrivate;
    /** Origins ({@code scheme://host:port}) that may be loopback or private even when others may not. */
    private final Set<String> allowedOrigins;
    /** Their hosts, whose resolution to a loopback or private address is then expected. */
    private final Set<String> allowedHosts = new HashSet<>();
    /** Origins the platform itself listens on for a while (its warm-up's receiver), allowed only while it does. */
    private final Set<String> ownOrigins = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** @param allowPrivate whether loopback and private networks may be called (development, tests, on-premises receivers) */
    public OutboundGuard(boolean allowPrivate) {
        this(allowPrivate, Set.of());
    }

    /**
     * @param allowPrivate   whether every loopback and private address may be called
     * @param allowedOrigins origins ({@code http://10.0.0.5:1026}, {@code https://broker.city.local}) that may be on a
     *                       loopback or private address; anything else than a scheme, a host and an optional port
     *                       is refused with an {@link IllegalArgumentException} naming it
     */
    public OutboundGuard(boolean allowPrivate, Collection<String> allowedOrigins) {
        this.allowPrivate = allowPrivate;
        Set<String> origins = new HashSet<>();
        for (String origin : allowedOrigins) {
            if (origin.isBlank()) {
                continue;
            }
            URI uri = parseOrigin(origin);
            origins.add(origin(uri));
            allowedHosts.add(unbracketed(uri.getHost()).toLowerCase(Locale.ROOT));
        }
        this.allowedOrigins = Set.copyOf(origins);
    }

    private static URI parseOrigin(String origin) {
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("Not an origin: " + origin + " (" + e.getReason() + ")");
        }
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (uri.getScheme() == null || uri.getHost() == null || !bare || defaultPort(uri.getScheme()) < 0) {
            throw new IllegalArgumentException("Not an origin: " + origin
                    + " (write a scheme of http, https, mqtt or mqtts, a host and optionally a port, such as http://10.0.0.5:1026)");
        }
        return uri;
    }

    /** {@code scheme://host:port} in lower case, with the scheme's default port when the URI names none. */
    private static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static int defaultPort(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http" -> 80;
            case "https" -> 443;
            case "mqtt" -> 1883;
            case "mqtts" -> 8883;
            default -> -1;
        };
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Allows one origin of the platform's own (a receiver on a loopback address that it opened for a while) until the
     * answer is closed: that exact scheme, host and port, nothing else on the same address, and nothing after.
     */
    public Allowance allowOwn(URI origin) {
        String own = origin(parseOrigin(origin.toString()));
        if (!ownOrigins.add(own)) {
            throw new IllegalStateException(own + " is already allowed");
        }
        return () -> ownOrigins.remove(own);
    }

    /** An exception to the rules, in force until closed. */
    public interface Allowance extends AutoCloseable {
        @Override
        void close();
    }

    /** Every address may be called: for components used where no guard applies. */
    public static OutboundGuard allowingAll() {
        return new OutboundGuard(true);
    }

    /** Null when the URI's host may be called, else why not. An unknown host is allowed: it cannot be reached anyway. */
    public String refusal(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return "it names no host";
        }
        // Checked before every notification: without named origins, nothing to build.
        boolean allowedOrigin = !(allowedOrigins.isEmpty() && ownOrigins.isEmpty()) && uri.getScheme() != null
                && defaultPort(uri.getScheme()) >= 0 && isAllowedOrigin(origin(uri));
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(unbracketed(host));
        } catch (GuardedResolver.RefusedHost e) {
            return e.getMessage();
        } catch (UnknownHostException e) {
            return null;
        }
        for (InetAddress address : addresses) {
            String refused = refusal(address, allowedOrigin);
            if (refused != null) {
                return host + " is " + refused;
            }
        }
        GuardedResolver.watch(host, this);
        return null;
    }

    private boolean isAllowedOrigin(String origin) {
        return allowedOrigins.contains(origin) || ownOrigins.contains(origin);
    }

    /** Null when the address of a host the platform calls (when it resolves again) may be called, else why not. */
    String refusal(String host, InetAddress address) {
        return refusal(address, allowedHosts.contains(host.toLowerCase(Locale.ROOT)));
    }

    /** Null when the address may be called, else why not. */
    String refusal(InetAddress address) {
        return refusal(address, false);
    }

    private String refusal(InetAddress address, boolean privateAllowed) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            try {
                return refusal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)), privateAllowed);
            } catch (UnknownHostException e) {
                return "not a valid address";
            }
        }
        if (address.isLinkLocalAddress() || address.isMulticastAddress() || address.isAnyLocalAddress()) {
            return "a link-local, multicast or unspecified address (" + address.getHostAddress() + ")";
        }
        if (address instanceof Inet4Address && (bytes[0] == 0)) {
            return "in 0.0.0.0/8";
        }
        if (allowPrivate || privateAllowed) {
            return null;
        }
        boolean uniqueLocal = address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc;
        boolean sharedSpace = address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || uniqueLocal || sharedSpace) {
            return "a loopback or private address (" + address.getHostAddress() + "), which this platform may not call";
        }
        return null;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
