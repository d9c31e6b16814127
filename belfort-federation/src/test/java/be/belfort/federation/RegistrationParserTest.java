package be.belfort.federation;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private final RegistrationParser parser = new RegistrationParser();

    private static ObjectNode body(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Registration parse(String json) {
        return parser.parse("t", body(json), name -> "https://example.org/" + name, NOW, NOW);
    }

    @Test
    void namesAreExpandedDefaultsAppliedAndStatusMembersIgnored() {
        Registration registration = parse("""
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": ["A", "B"],
                  "idPattern": "urn:a:.*"}], "relationshipNames": ["owner"]}], "endpoint": "http://city.example/",
                 "timesSent": 99, "status": "failed", "@context": "http://ignored.example"}""");
        assertThat(registration.id()).startsWith("urn:ngsi-ld:ContextSourceRegistration:");
        assertThat(registration.mode()).isEqualTo(Mode.INCLUSIVE);
        assertThat(registration.operations()).contains(Operations.QUERY_ENTITY, Operations.RETRIEVE_ENTITY, "queryTemporal")
                .doesNotContain("createEntity");
        assertThat(registration.information().getFirst().entities().getFirst().types())
                .containsExactly("https://example.org/A", "https://example.org/B");
        assertThat(registration.information().getFirst().relationshipNames()).containsExactly("https://example.org/owner");
        assertThat(registration.document().has("timesSent") || registration.document().has("status")
                || registration.document().has("@context")).isFalse();
        assertThat(registration.information().getFirst().entities().getFirst().mayHold("urn:a:1")).isTrue();
        assertThat(registration.information().getFirst().entities().getFirst().mayHold("urn:b:1")).isFalse();
    }

    @Test
    void anUpdateReplacesTheMembersItNamesAndRemovesThoseItSetsToNull() {
        Registration registration = parse("""
                {"id": "urn:r:1", "type": "ContextSourceRegistration", "information": [{"propertyNames": ["p"]}],
                 "endpoint": "http://city.example", "description": "old", "registrationName": "kept"}""");
        Registration updated = parser.update(registration, body("""
                {"information": [{"propertyNames": ["q"]}], "description": null, "mode": "auxiliary"}"""),
                name -> "https://other.example/" + name, NOW.plusSeconds(5));
        assertThat(updated.information().getFirst().propertyNames()).containsExactly("https://other.example/q");
        assertThat(updated.document().has("description")).isFalse();
        assertThat(updated.document().get("registrationName").asText()).isEqualTo("kept");
        assertThat(updated.mode()).isEqualTo(Mode.AUXILIARY);
        assertThat(updated.createdAt()).isEqualTo(NOW);
        assertThat(updated.modifiedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThatThrownBy(() -> parser.update(registration, body("{\"id\": \"urn:r:2\"}"), n -> n, NOW))
                .isInstanceOf(NgsiLdException.class).hasMessageContaining("id");
    }

    @Test
    void aStoredRegistrationIsRestoredWithItsTimesEvenOnceExpired() {
        Registration registration = parse("""
                {"type": "ContextSourceRegistration", "information": [{"propertyNames": ["p"]}],
                 "endpoint": "http://city.example", "expiresAt": "2026-06-02T00:00:00Z",
                 "contextSourceInfo": [{"key": "Authorization", "value": "Bearer x"}]}""");
        Registration restored = parser.restore("t", registration.document());
        assertThat(restored).isEqualTo(registration);
        assertThat(restored.isActive(Instant.parse("2026-06-03T00:00:00Z"))).isFalse();
        assertThat(restored.contextSourceInfo()).containsEntry("Authorization", "Bearer x");
    }

    @Test
    void filtersCompareTheRegistrationsOwnMembers() {
        Registration registration = parse("""
                {"type": "ContextSourceRegistration", "information": [{"propertyNames": ["p"]}],
                 "endpoint": "http://city.example", "scope": ["/Gent", "/Kortrijk"], "mode": "auxiliary"}""");
        assertThat(MemberFilter.parse("q", "mode==auxiliary;scope==\"/Gent\"").matches(registration.document())).isTrue();
        assertThat(MemberFilter.parse("q", "mode!=auxiliary").matches(registration.document())).isFalse();
        assertThat(MemberFilter.parse("csf", "missing!=x").matches(registration.document())).isTrue();
        assertThatThrownBy(() -> MemberFilter.parse("q", "mode>3|x==1")).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("member==value");
    }

    @Test
    void aSourceFailingRepeatedlyIsBackedOffUntilItAnswers() {
        BackOff backOff = new BackOff();
        backOff.failed(NOW);
        backOff.failed(NOW);
        assertThat(backOff.until(NOW)).isNull();
        backOff.failed(NOW);
        assertThat(backOff.until(NOW)).isEqualTo(NOW.plusSeconds(1));
        backOff.failed(NOW);
        assertThat(backOff.until(NOW)).isEqualTo(NOW.plusSeconds(2));
        backOff.succeeded();
        assertThat(backOff.until(NOW)).isNull();
    }

    @Test
    void figuresOfSeveralNodesAddUpAndTheLastOutcomeSaysTheStatus() {
        Figures one = Figures.failure(NOW).plus(Figures.success(NOW.plusSeconds(1)));
        Figures other = Figures.failure(NOW.plusSeconds(5));
        assertThat(one.ok()).isTrue();
        Figures both = one.plus(other);
        assertThat(both.timesSent()).isEqualTo(3);
        assertThat(both.timesFailed()).isEqualTo(2);
        assertThat(both.lastSuccess()).isEqualTo(NOW.plusSeconds(1));
        assertThat(both.lastFailure()).isEqualTo(NOW.plusSeconds(5));
        assertThat(both.ok()).isFalse();
        assertThat(both.lastAttempt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(Figures.NONE.ok()).isTrue();
    }
}
