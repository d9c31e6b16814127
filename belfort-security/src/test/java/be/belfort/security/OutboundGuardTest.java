package be.belfort.security;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboundGuardTest {
    private final OutboundGuard guard = new OutboundGuard(false,
            List.of("http://127.0.0.1:1026", "https://broker.city.internal", "MQTT://10.0.0.5"));

    @Test
    void anAllowedOriginMayBeOnALoopbackOrPrivateAddress() {
        assertThat(guard.refusal(URI.create("http://127.0.0.1:1026/ngsi-ld/v1/entities"))).isNull();
        assertThat(guard.refusal(URI.create("mqtt://10.0.0.5/notifications"))).as("the scheme's default port").isNull();
        assertThat(guard.refusal(URI.create("mqtt://10.0.0.5:1883/x"))).isNull();
    }

    @Test
    void everyOtherOriginOnTheSameHostStaysRefused() {
        assertThat(guard.refusal(URI.create("http://127.0.0.1:1027/"))).contains("loopback");
        assertThat(guard.refusal(URI.create("https://127.0.0.1:1026/"))).as("another scheme").contains("loopback");
        assertThat(guard.refusal(URI.create("mqtts://10.0.0.5/x"))).contains("private");
        assertThat(guard.refusal(URI.create("http://10.0.0.6/"))).contains("private");
    }

    @Test
    void anOwnOriginIsAllowedExactlyAndOnlyUntilItsAllowanceCloses() {
        OutboundGuard strict = new OutboundGuard(false);
        URI receiver = URI.create("http://127.0.0.1:40123/notify");
        assertThat(strict.refusal(receiver)).contains("loopback");
        try (OutboundGuard.Allowance allowed = strict.allowOwn(URI.create("http://127.0.0.1:40123"))) {
            assertThat(strict.refusal(receiver)).isNull();
            assertThat(strict.refusal(URI.create("http://127.0.0.1:40124/notify"))).as("another port").contains("loopback");
            assertThat(strict.refusal(URI.create("https://127.0.0.1:40123/notify"))).as("another scheme").contains("loopback");
            assertThat(strict.refusal(URI.create("http://10.0.0.1:40123/notify"))).as("another host").contains("private");
            assertThatThrownBy(() -> strict.allowOwn(URI.create("http://127.0.0.1:40123")))
                    .as("one allowance per origin, so that closing one cannot end another's").isInstanceOf(IllegalStateException.class);
        }
        assertThat(strict.refusal(receiver)).as("after the allowance closed").contains("loopback");
    }

    @Test
    void anOwnOriginNeverOpensLinkLocalAddresses() {
        OutboundGuard strict = new OutboundGuard(false);
        try (OutboundGuard.Allowance allowed = strict.allowOwn(URI.create("http://169.254.169.254:80"))) {
            assertThat(strict.refusal(URI.create("http://169.254.169.254/latest/meta-data"))).contains("link-local");
        }
    }

    @Test
    void linkLocalAddressesStayRefusedEvenWhenNamed() throws Exception {
        OutboundGuard metadata = new OutboundGuard(false, List.of("http://169.254.169.254"));
        assertThat(metadata.refusal(URI.create("http://169.254.169.254/latest/meta-data"))).contains("link-local");
        assertThat(metadata.refusal("169.254.169.254", InetAddress.getByName("169.254.169.254"))).contains("link-local");
    }

    @Test
    void anAllowedHostMayResolveToAnInsideAddressAgain() throws Exception {
        InetAddress inside = InetAddress.getByName("10.0.0.9");
        assertThat(guard.refusal("Broker.City.Internal", inside)).isNull();
        assertThat(guard.refusal("other.city.internal", inside)).contains("private");
    }

    @Test
    void anythingButAnOriginIsRefusedAtStartNamingIt() {
        for (String wrong : List.of("http://10.0.0.5/path", "10.0.0.5:1026", "ftp://10.0.0.5", "http://user@10.0.0.5",
                "http://10.0.0.5/?q=1", "not an origin")) {
            assertThatThrownBy(() -> new OutboundGuard(false, List.of(wrong)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(wrong);
        }
    }

    @Test
    void blankEntriesOfAListWithStraySeparatorsAreSkipped() {
        assertThat(new OutboundGuard(false, List.of("", " ", "http://127.0.0.1:1026"))
                .refusal(URI.create("http://127.0.0.1:1026/"))).isNull();
    }

    @Test
    void withoutOriginsNothingChanges() {
        assertThat(new OutboundGuard(false).refusal(URI.create("http://127.0.0.1:1026/"))).contains("loopback");
        assertThat(new OutboundGuard(true).refusal(URI.create("http://127.0.0.1:1026/"))).isNull();
    }
}
