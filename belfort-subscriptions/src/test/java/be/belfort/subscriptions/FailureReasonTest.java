package be.belfort.subscriptions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureReasonTest {

    @Test
    void anAddressLosesItsUserInformationQueryAndFragment() {
        assertThat(FailureReason.of("could not be reached: java.net.ConnectException: https://user:pw@hook.example:8443/in?token=s3cret#x"))
                .isEqualTo("could not be reached: java.net.ConnectException: https://hook.example:8443/in")
                .doesNotContain("s3cret", "pw");
        assertThat(FailureReason.of("broker mqtts://device:key@broker.example/topic refused"))
                .isEqualTo("broker mqtts://broker.example/topic refused");
    }

    @Test
    void anAddressThatCannotBeReadKeepsOnlyItsScheme() {
        assertThat(FailureReason.of("failed at http://[bad/?key=1")).isEqualTo("failed at http://…");
    }

    @Test
    void aLongReasonIsOneLineCutToItsLimit() {
        String reason = FailureReason.of("answered 500\n" + "x".repeat(500));
        assertThat(reason).hasSize(FailureReason.MAX_LENGTH).endsWith("…").doesNotContain("\n").startsWith("answered 500 x");
        assertThat(FailureReason.of(null)).isNull();
        assertThat(FailureReason.of("answered 503")).isEqualTo("answered 503");
    }
}
