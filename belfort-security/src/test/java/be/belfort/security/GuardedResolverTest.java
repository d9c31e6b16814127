package be.belfort.security;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardedResolverTest {
    private final AtomicReference<String> answer = new AtomicReference<>("203.0.113.7");
    private final InetAddressResolver dns = new InetAddressResolver() {
        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
            return Stream.of(InetAddress.getByAddress(host, InetAddress.getByName(answer.get()).getAddress()));
        }

        @Override
        public String lookupByAddress(byte[] address) {
            return "reverse.example";
        }
    };
    private final InetAddressResolver resolver = GuardedResolver.checking(dns);
    private final InetAddressResolver.LookupPolicy any = InetAddressResolver.LookupPolicy.of(
            InetAddressResolver.LookupPolicy.IPV4);

    @Test
    void aWatchedNameThatRebindsToAnInsideAddressNoLongerResolves() throws Exception {
        GuardedResolver.watch("Receiver.Rebinding.Example", new OutboundGuard(false));
        assertThat(resolver.lookupByName("receiver.rebinding.example", any).toList())
                .extracting(InetAddress::getHostAddress).containsExactly("203.0.113.7");
        answer.set("169.254.169.254");
        assertThatThrownBy(() -> resolver.lookupByName("receiver.rebinding.example", any))
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("link-local");
        answer.set("10.1.2.3");
        assertThatThrownBy(() -> resolver.lookupByName("receiver.rebinding.example", any))
                .hasMessageContaining("private");
    }

    @Test
    void namesThePlatformDoesNotCallOnOthersBehalfResolveAsUsual() throws Exception {
        answer.set("10.1.2.3");
        assertThat(resolver.lookupByName("db.internal.example", any).toList()).hasSize(1);
        assertThat(resolver.lookupByAddress(new byte[] {10, 1, 2, 3})).isEqualTo("reverse.example");
        GuardedResolver.watch("receiver.on-premises.example", new OutboundGuard(true));
        assertThat(resolver.lookupByName("receiver.on-premises.example", any).toList())
                .as("private addresses where the operator allows them").hasSize(1);
    }

    @Test
    void theJvmFindsTheGuardedResolver() {
        // The JVM takes the first resolver provider its ServiceLoader finds; ours is the only one on the class path.
        assertThat(ServiceLoader.load(InetAddressResolverProvider.class).stream().map(ServiceLoader.Provider::type))
                .containsExactly(GuardedResolver.class);
        assertThat(new OutboundGuard(false).refusal(URI.create("http://localhost:8080/notify"))).contains("loopback");
    }
}
