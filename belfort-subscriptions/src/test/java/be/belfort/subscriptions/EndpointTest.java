package be.belfort.subscriptions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A receiver's address as logs show it keeps where it is and drops what may be a secret. */
class EndpointTest {
    @Test
    void userInformationAndQueryAreLeftOut() {
        assertThat(Endpoint.shown("http://sensor:pw@127.0.0.1:9/in?token=s3cret"))
                .isEqualTo("http://127.0.0.1:9/in?…").doesNotContain("pw").doesNotContain("s3cret");
        assertThat(Endpoint.shown("mqtts://user:secret@broker.city.be/parking/notify"))
                .isEqualTo("mqtts://broker.city.be/parking/notify");
    }

    @Test
    void anAddressWithoutSecretsIsShownAsItIs() {
        assertThat(Endpoint.shown("https://receiver.example:8443/notify")).isEqualTo("https://receiver.example:8443/notify");
        assertThat(Endpoint.shown("http://receiver.example")).isEqualTo("http://receiver.example");
    }

    @Test
    void whatIsNotAnAddressWithAHostIsNotShown() {
        assertThat(Endpoint.shown("urn:receiver:secret")).isEqualTo("a receiver");
        assertThat(Endpoint.shown("http://bad host/ x")).isEqualTo("a receiver");
    }
}
