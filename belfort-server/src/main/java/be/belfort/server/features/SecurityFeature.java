package be.belfort.server.features;

import be.belfort.api.AccessControl;
import be.belfort.console.ConsoleFeature;
import be.belfort.api.Feature;
import be.belfort.api.security.AuditRoutes;
import be.belfort.api.security.KeyRoutes;
import be.belfort.model.PeriodicTask;
import be.belfort.security.AuditTrail;
import be.belfort.security.BearerTokens;
import be.belfort.server.SecuritySettings;
import be.belfort.storage.security.PostgresAuditLog;

import org.threeten.extra.PeriodDuration;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Who may do what: the access check every request passes first (API keys, OpenID Connect tokens, rate limits,
 * the audit of changes), the key administration and the audit log's routes, and the removal of old audit entries.
 */
public final class SecurityFeature {
    private SecurityFeature() {
    }

    /**
     * The feature, its audit trail for the features whose own actions are audited like API calls, and how bearer
     * tokens are checked (null without an OpenID provider).
     */
    public record Wired(Feature feature, AuditTrail audit, BearerTokens tokens) {
    }

    public static Wired wire(Core core) {
        SecuritySettings security = core.settings().security();
        BearerTokens tokens = security.oidc() == null ? null : new BearerTokens(security.oidc(), core.clock());
        AuditTrail audit = new AuditTrail(new PostgresAuditLog(core.dataSource()));
        JobMetrics.register(core.metrics(), audit.job());
        PeriodDuration keep = PeriodDuration.parse(security.auditRetention());
        PeriodicTask removeOld = new PeriodicTask("remove old audit entries", Duration.ofMinutes(5), Duration.ofMinutes(60),
                () -> audit.removeBefore(core.clock().instant().atOffset(ZoneOffset.UTC).minus(keep).toInstant()));
        return new Wired(new Feature("security", List.of(
                // First: every other route runs after the access check.
                new AccessControl(core.keys(), tokens, core.rateLimits(), core.clientAddresses(),
                        core.policy(), audit, core.json(), List.of(ConsoleFeature.PATH)),
                new AuditRoutes(audit, core.policy(), core.out(), core.json()),
                new KeyRoutes(core.keys(), core.policy(), core.in(), core.out(), core.json())),
                List.of(removeOld), List.of(audit)), audit, tokens);
    }
}
