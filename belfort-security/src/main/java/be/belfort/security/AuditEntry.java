package be.belfort.security;

import be.belfort.model.UnstorableText;

import java.time.Instant;
import java.util.List;

/**
 * One write or access-policy change, as the audit log keeps it.
 *
 * @param principal  who: the key id, or "anonymous"
 * @param role       the key's role, or null
 * @param tenant     the tenant the request named ("" for the default tenant)
 * @param operation  method and path, e.g. {@code PATCH /ngsi-ld/v1/entities/{id}/attrs}
 * @param entityId   the entity the request named, or null (batches name several in their body)
 * @param attributes the attributes the request wrote, where it names them
 * @param status     the HTTP status of the answer: the outcome
 */
public record AuditEntry(Instant at, String principal, String role, String tenant, String operation, String entityId,
                         List<String> attributes, int status) {
    /** The longest a text of an entry is in its {@link #safe()} form. */
    static final int SAFE_LENGTH = 4096;

    public AuditEntry {
        attributes = List.copyOf(attributes);
    }

    /**
     * This entry as a database can store it, and still saying what the client sent: a NUL and a lone UTF-16
     * surrogate (which PostgreSQL refuses or a UTF-8 encoder turns into {@code ?}) are written as the escape
     * a backslash, u and four hex digits. Anything else is unchanged.
     */
    public AuditEntry storable() {
        return map(AuditEntry::escapeUnstorable);
    }

    /**
     * This entry in a form any store takes, for an entry that could not be written even {@link #storable()}:
     * every character outside printable ASCII escaped as a backslash, u and four hex digits, every text cut at
     * {@value #SAFE_LENGTH} characters, and missing required texts empty.
     */
    public AuditEntry safe() {
        AuditEntry escaped = map(text -> cut(escapeAllButAscii(text)));
        return new AuditEntry(at, nonNull(escaped.principal), escaped.role, nonNull(escaped.tenant),
                nonNull(escaped.operation), escaped.entityId, escaped.attributes, status);
    }

    private AuditEntry map(java.util.function.UnaryOperator<String> text) {
        return new AuditEntry(at, apply(text, principal), apply(text, role), apply(text, tenant), apply(text, operation),
                apply(text, entityId), attributes.stream().map(attribute -> apply(text, attribute)).toList(), status);
    }

    private static String apply(java.util.function.UnaryOperator<String> text, String value) {
        return value == null ? null : text.apply(value);
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    private static String cut(String text) {
        return text.length() <= SAFE_LENGTH ? text : text.substring(0, SAFE_LENGTH);
    }

    static String escapeUnstorable(String text) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unstorable = UnstorableText.at(text, i);
            if (unstorable && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escaped != null) {
                if (unstorable) {
                    escaped.append(String.format("\\u%04X", (int) c));
                } else {
                    escaped.append(c);
                }
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    private static String escapeAllButAscii(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (c >= 0x20 && c < 0x7F) {
                escaped.append((char) c);
            } else {
                escaped.append(String.format("\\u%04X", c));
            }
        });
        return escaped.toString();
    }
}
