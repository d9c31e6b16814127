package be.belfort.api;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressesTest {
    private final ClientAddresses addresses = new ClientAddresses(Set.of("10.0.0.2", "10.0.0.3"));

    @Test
    void behindATrustedProxyTheClientIsTheNearestUntrustedHop() {
        assertThat(addresses.of("10.0.0.2", "198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(addresses.of("10.0.0.2", "203.0.113.1, 198.51.100.7, 10.0.0.3")).as("a hop the client made up is"
                + " left of the address the proxies saw").isEqualTo("198.51.100.7");
        assertThat(addresses.of("10.0.0.2", "10.0.0.3")).isEqualTo("10.0.0.2");
        assertThat(addresses.of("10.0.0.2", null)).isEqualTo("10.0.0.2");
    }

    @Test
    void anyoneElsesForwardedForIsIgnored() {
        assertThat(addresses.of("198.51.100.7", "203.0.113.1")).isEqualTo("198.51.100.7");
        assertThat(new ClientAddresses(Set.of()).of("127.0.0.1", "203.0.113.1")).isEqualTo("127.0.0.1");
    }
}
