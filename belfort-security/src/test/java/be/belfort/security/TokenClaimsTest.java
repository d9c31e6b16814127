package be.belfort.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenClaimsTest {
    private final TokenClaims claims = new TokenClaims("resource_access.belfort.roles", "tenants");

    private Principal principal(Object roles, Object tenants) {
        return claims.principal("oidc:someone", tenants == null
                ? Map.of("resource_access", Map.of("belfort", Map.of("roles", roles)))
                : Map.of("resource_access", Map.of("belfort", Map.of("roles", roles)), "tenants", tenants));
    }

    @Test
    void tenantQualifiedRolesHoldInTheirTenantOnly() {
        Principal principal = principal(List.of("gent:publisher", "brugge:reader"), null);
        assertThat(principal.roleIn("gent")).isEqualTo(Role.PUBLISHER);
        assertThat(principal.roleIn("brugge")).isEqualTo(Role.READER);
        assertThat(principal.roleIn("antwerpen")).isNull();
        assertThat(principal.admin()).isFalse();
    }

    @Test
    void plainRolesHoldInEachTenantOfTheTenantsClaimAndTheStrongestCounts() {
        Principal principal = principal(List.of("reader", "gent:tenant-admin"), List.of("gent", "leuven"));
        assertThat(principal.roleIn("gent")).isEqualTo(Role.TENANT_ADMIN);
        assertThat(principal.roleIn("leuven")).isEqualTo(Role.READER);
        assertThat(principal(List.of("publisher"), "gent").roleIn("gent")).as("a single tenant as a string")
                .isEqualTo(Role.PUBLISHER);
        assertThat(principal(List.of("publisher"), null).roles()).as("no tenants claim").isEmpty();
    }

    @Test
    void onlyAPlainAdminRoleMakesAnAdminAndOtherValuesAreIgnored() {
        assertThat(principal(List.of("admin"), null).admin()).isTrue();
        assertThat(principal("admin", null).admin()).as("a single role as a string").isTrue();
        Principal other = principal(List.of("gent:admin", "offline_access", "uma_authorization", "gent:owner"), List.of("gent"));
        assertThat(other.admin()).isFalse();
        assertThat(other.roles()).isEmpty();
        assertThat(other.isAnonymous()).as("authenticated, though granted nothing").isFalse();
        assertThat(claims.principal("oidc:x", Map.of("resource_access", "not an object")).roles()).isEmpty();
    }
}
