package be.belfort.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which addresses the platform itself may call (remote @contexts, notification endpoints): never
 * link-local (cloud metadata services live there), multicast or unspecified addresses; loopback and private
 * networks only when the operator allows them. Every address a name resolves to must pass, and callers
 * check again right before each connection; a name that passed is watched by {@link GuardedResolver}, which
 * checks its addresses again whenever the JVM resolves it, so a changed DNS answer is caught too.
 */
public final class OutboundGuard {
    private final boolean allowPrivate;

    /** @param allowPrivate whether loopback and private networks may be called (development, tests, on-premises receivers) */
    public OutboundGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
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
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (GuardedResolver.RefusedHost e) {
            return e.getMessage();
        } catch (UnknownHostException e) {
            return null;
        }
        for (InetAddress address : addresses) {
            String refused = refusal(address);
            if (refused != null) {
                return host + " is " + refused;
            }
        }
        GuardedResolver.watch(host, this);
        return null;
    }

    /** Null when the address may be called, else why not. */
    String refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            try {
                return refusal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
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
        if (allowPrivate) {
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
