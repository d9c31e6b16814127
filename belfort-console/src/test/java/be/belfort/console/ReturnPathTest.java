package be.belfort.console;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReturnPathTest {

    @Test
    void aConsolePathOfThisOriginIsKeptWithItsQuery() {
        assertThat(ReturnPath.safe("/console/cities/gent/audit?operation=keys&page=2"))
                .isEqualTo("/console/cities/gent/audit?operation=keys&page=2");
        assertThat(ReturnPath.safe("/console")).isEqualTo("/console");
        assertThat(ReturnPath.safe("/console/cities/gent/datasets/Off%20Street")).isEqualTo("/console/cities/gent/datasets/Off%20Street");
    }

    @Test
    void anythingABrowserCouldReadAsAnotherSiteGoesHome() {
        for (String elsewhere : List.of("//evil.example", "https://evil.example/console", "/\\evil.example",
                "/console\\..\\evil", "/console//evil.example", "/console/%2f%2fevil", "/console/%5Cevil",
                "/console/../admin/keys", "/console/..", "/console\r\nSet-Cookie: x=1", "/console/%0d%0aX: y",
                "javascript:alert(1)", "/dashboard", "/consolex", "", " /console", "/console/\u0000")) {
            assertThat(ReturnPath.safe(elsewhere)).as(elsewhere).isEqualTo(ReturnPath.HOME);
        }
        assertThat(ReturnPath.safe(null)).isEqualTo(ReturnPath.HOME);
    }
}
