package be.belfort.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OidcSignInTest {

    @Test
    void theChallengeIsTheS256OfTheVerifierAsRfc7636Shows() {
        // RFC 7636, appendix B
        assertThat(OidcSignIn.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
