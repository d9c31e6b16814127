package be.belfort.dashboard.http;

import be.belfort.dashboard.DashboardSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContentSecurityTest {
    @Test
    void pagesAreNeverFramedAndEmbeddableViewsOnlyByTheConfiguredOrigins() {
        DashboardSettings settings = DashboardSettings.NO_TILES.withEmbedOrigins("https://www.gent.be 'self'");
        assertThat(ContentSecurity.policy(settings)).endsWith("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(ContentSecurity.embedPolicy(settings, List.of())).endsWith("frame-ancestors https://www.gent.be 'self'")
                .contains("script-src 'self';");
        assertThat(ContentSecurity.embedPolicy(DashboardSettings.NO_TILES, List.of())).endsWith("frame-ancestors 'self'");
    }

    @Test
    void aCitysOriginsComeBesideThePlatformsAndAloneWhenThePlatformAllowsNoOne() {
        List<String> leuven = List.of("https://www.leuven.be", "https://*.leuven.be");
        assertThat(ContentSecurity.embedPolicy(DashboardSettings.NO_TILES, leuven))
                .endsWith("frame-ancestors 'self' https://www.leuven.be https://*.leuven.be");
        assertThat(ContentSecurity.frameOptions(DashboardSettings.NO_TILES, leuven)).isNull();
        assertThat(ContentSecurity.frameOptions(DashboardSettings.NO_TILES, List.of())).isEqualTo("SAMEORIGIN");
        DashboardSettings nobody = DashboardSettings.NO_TILES.withEmbedOrigins("'none'");
        assertThat(ContentSecurity.frameAncestors(nobody, leuven)).isEqualTo("https://www.leuven.be https://*.leuven.be");
        assertThat(ContentSecurity.frameAncestors(nobody, List.of())).isEqualTo("'none'");
        DashboardSettings gent = DashboardSettings.NO_TILES.withEmbedOrigins("https://www.gent.be");
        assertThat(ContentSecurity.frameAncestors(gent, List.of("https://www.gent.be", "https://www.leuven.be")))
                .isEqualTo("https://www.gent.be https://www.leuven.be");
    }
}
