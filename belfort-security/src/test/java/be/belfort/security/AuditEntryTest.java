package be.belfort.security;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditEntryTest {

    @Test
    void nulAndLoneSurrogatesAreEscapedAndEverythingElseKept() {
        assertThat(AuditEntry.escapeUnstorable("plain ümlaut 🚲")).isEqualTo("plain ümlaut 🚲");
        assertThat(AuditEntry.escapeUnstorable("a\u0000b")).isEqualTo("a\\u0000b");
        assertThat(AuditEntry.escapeUnstorable("\uD800x\uDC00")).isEqualTo("\\uD800x\\uDC00");
        assertThat(AuditEntry.escapeUnstorable("end\uD83D")).isEqualTo("end\\uD83D");
    }

    @Test
    void theSafeFormIsPrintableAsciiOfBoundedLengthWithEveryRequiredText() {
        AuditEntry entry = new AuditEntry(Instant.EPOCH, null, null, null, "é".repeat(10_000), "id\u0000",
                List.of("🚲"), 400);
        AuditEntry safe = entry.safe();
        assertThat(safe.principal()).isEmpty();
        assertThat(safe.tenant()).isEmpty();
        assertThat(safe.operation()).hasSize(AuditEntry.SAFE_LENGTH).matches("[\\x20-\\x7E]*");
        assertThat(safe.entityId()).isEqualTo("id\\u0000");
        assertThat(safe.attributes()).containsExactly("\\uD83D\\uDEB2");
    }
}
