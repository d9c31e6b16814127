package be.belfort.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorsPolicyTest {
    @Test
    void originsAreSchemeHostAndPortOrAnAsterisk() {
        CorsPolicy policy = new CorsPolicy(List.of(" https://dashboard.example.be/ ", "http://localhost:3000"));
        assertThat(policy.allowsApiOrigin("https://dashboard.example.be")).isTrue();
        assertThat(policy.allowsApiOrigin("http://localhost:3000")).isTrue();
        assertThat(policy.allowsApiOrigin("https://elsewhere.example.com")).isFalse();
        assertThat(policy.anyApiOrigin()).isFalse();
        assertThat(new CorsPolicy(List.of()).anyApiOrigin()).as("none given is any").isTrue();
        assertThatThrownBy(() -> new CorsPolicy(List.of("https://example.be/path")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--cors-origins");
    }

    @Test
    void theOpenDataPathsAreTheRootTheCatalogueAndTheDatasets() {
        assertThat(CrossOrigin.isOpenData("/")).isTrue();
        assertThat(CrossOrigin.isOpenData("/catalog")).isTrue();
        assertThat(CrossOrigin.isOpenData("/catalog/gent")).isTrue();
        assertThat(CrossOrigin.isOpenData("/datasets/gent/OffStreetParking/latest.csv")).isTrue();
        assertThat(CrossOrigin.isOpenData("/ngsi-ld/v1/entities")).isFalse();
        assertThat(CrossOrigin.isOpenData("/admin/datasets")).isFalse();
        assertThat(CrossOrigin.isOpenData("/catalogue")).isFalse();
    }
}
