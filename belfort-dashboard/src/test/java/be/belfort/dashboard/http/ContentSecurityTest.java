package be.belfort.dashboard.http;

import be.belfort.dashboard.DashboardSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentSecurityTest {
    @Test
    void pagesAreNeverFramedAndEmbeddableViewsOnlyByTheConfiguredOrigins() {
        DashboardSettings settings = DashboardSettings.NO_TILES.withEmbedOrigins("https://www.gent.be 'self'");
        assertThat(ContentSecurity.policy(settings)).endsWith("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(ContentSecurity.embedPolicy(settings)).endsWith("frame-ancestors https://www.gent.be 'self'")
                .contains("script-src 'self';");
        assertThat(ContentSecurity.embedPolicy(DashboardSettings.NO_TILES)).endsWith("frame-ancestors 'self'");
    }
}
