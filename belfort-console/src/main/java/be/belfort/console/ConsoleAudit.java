package be.belfort.console;

import be.belfort.security.AuditEntry;
import be.belfort.security.AuditTrail;
import be.belfort.security.Principal;
import be.belfort.security.Role;

import java.time.Clock;
import java.util.List;

/**
 * Console actions in the audit log, each under the admin API call it stands for (such as
 * {@code POST /admin/keys}) with the status that call would have answered, so that the log reads the same
 * whichever way a person worked.
 */
public final class ConsoleAudit {
    private final AuditTrail trail;
    private final Clock clock;

    public ConsoleAudit(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    public void record(Principal principal, String tenant, String operation, String entityId, int status) {
        record(principal, tenant, operation, entityId, List.of(), status);
    }

    /** @param attributes the members the corresponding API call's body would have named */
    public void record(Principal principal, String tenant, String operation, String entityId, List<String> attributes,
                       int status) {
        Role role = principal.roleIn(tenant);
        trail.record(new AuditEntry(clock.instant(), principal.id(), role == null ? null : role.term(), tenant,
                operation, entityId, attributes, status));
    }
}
