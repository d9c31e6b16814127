package be.belfort.temporal;

import be.belfort.model.NgsiLdException;

import org.threeten.extra.PeriodDuration;

import java.time.format.DateTimeParseException;
import java.util.function.UnaryOperator;

/**
 * How long a tenant keeps history: instances observed (or, without observedAt, recorded) longer ago
 * than {@code keep} are removed, for the entities of one type or, with no type, for all of the tenant.
 *
 * @param tenant     the tenant; the empty name is the default tenant
 * @param entityType an expanded type IRI, or null for every entity of the tenant
 */
public record RetentionRule(String tenant, String entityType, PeriodDuration keep) {
    /** The moment before which history is removed, counted back from {@code now} in UTC. */
    public java.time.Instant cutoff(java.time.Instant now) {
        return now.atOffset(java.time.ZoneOffset.UTC).minus(keep).toInstant();
    }

    /** How the default tenant (no NGSILD-Tenant header) is written in a rule. */
    public static final String DEFAULT_TENANT = "-";

    /**
     * Reads {@code TENANT[:TYPE]=DURATION}, e.g. {@code gent=P730D} or {@code gent:AirQualityObserved=P90D};
     * {@code -} names the default tenant; a type is expanded with {@code expandType}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static RetentionRule parse(String text, UnaryOperator<String> expandType) {
        int equals = text.lastIndexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("A retention rule is TENANT[:TYPE]=DURATION, not '" + text + "'");
        }
        String scope = text.substring(0, equals).trim();
        PeriodDuration keep;
        try {
            keep = PeriodDuration.parse(text.substring(equals + 1).trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("The duration in retention rule '" + text
                    + "' must be ISO 8601, e.g. P2Y, P90D or PT12H");
        }
        if (keep.isZero() || keep.getPeriod().isNegative() || keep.getDuration().isNegative()) {
            throw new IllegalArgumentException("A retention rule keeps history for a positive time: '" + text + "'");
        }
        int colon = scope.indexOf(':');
        String tenant = colon < 0 ? scope : scope.substring(0, colon);
        String type = colon < 0 ? null : scope.substring(colon + 1);
        if (tenant.isEmpty() || (type != null && type.isEmpty())) {
            throw new IllegalArgumentException("A retention rule names a tenant (- for the default) and maybe a type: '"
                    + text + "'");
        }
        try {
            return new RetentionRule(tenant.equals(DEFAULT_TENANT) ? "" : tenant,
                    type == null ? null : expandType.apply(type), keep);
        } catch (NgsiLdException e) {
            throw new IllegalArgumentException("Retention rule '" + text + "': " + e.detail());
        }
    }
}
