package be.belfort.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The JVM's name resolution, with the outbound check built in for the hosts the platform calls on others'
 * behalf (remote @contexts, notification endpoints): every time such a host is resolved, the addresses are
 * checked before anyone connects to them. A name that passed its check and then answers with an inside
 * address (DNS rebinding) cannot be reached. Every other name resolves as the JDK would resolve it.
 * Installed through {@code META-INF/services/java.net.spi.InetAddressResolverProvider}.
 */
public final class GuardedResolver extends InetAddressResolverProvider {
    private static final int MAX_WATCHED = 100_000;
    private static final Map<String, OutboundGuard> WATCHED = new ConcurrentHashMap<>();

    /** From now on, every resolution of {@code host} is checked by {@code guard}. */
    static void watch(String host, OutboundGuard guard) {
        if (WATCHED.size() >= MAX_WATCHED) {
            WATCHED.clear();
        }
        WATCHED.put(host.toLowerCase(Locale.ROOT), guard);
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        return checking(configuration.builtinResolver());
    }

    /** A resolver that asks {@code resolver} and checks the answers for watched hosts. */
    static InetAddressResolver checking(InetAddressResolver resolver) {
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                OutboundGuard guard = WATCHED.get(host.toLowerCase(Locale.ROOT));
                if (guard == null) {
                    return resolver.lookupByName(host, policy);
                }
                List<InetAddress> addresses = resolver.lookupByName(host, policy).toList();
                for (InetAddress address : addresses) {
                    String refused = guard.refusal(host, address);
                    if (refused != null) {
                        throw new RefusedHost(host + " now resolves to " + refused);
                    }
                }
                return addresses.stream();
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return resolver.lookupByAddress(address);
            }
        };
    }

    /** A watched host whose answer the guard refuses: to a caller, as if the name did not exist. */
    static final class RefusedHost extends UnknownHostException {
        RefusedHost(String message) {
            super(message);
        }
    }

    @Override
    public String name() {
        return "belfort-outbound-guard";
    }
}
