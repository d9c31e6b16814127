package be.belfort.query;

import be.belfort.model.Entity;
import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client patterns: linear-time matching, the syntax PostgreSQL reads alike, and the bounds. */
class ClientPatternTest {
    private static final String LONG_ID = "urn:ngsi-ld:OffStreetParking:" + "a".repeat(200);

    @Test
    void catastrophicPatternsMatchInLinearTime() {
        // With a backtracking engine each of these takes seconds to minutes on a 200-character id.
        for (String regex : List.of("(.*.){10}#", "(a+)+#", "(a|aa)+#", "^(([a-z])+.)+[A-Z]([a-z])+$", "(.*){12}x")) {
            long start = System.nanoTime();
            assertThat(ClientPattern.find(regex, LONG_ID)).as(regex).isFalse();
            assertThat((System.nanoTime() - start) / 1_000_000).as(regex + " took ms").isLessThan(2_000);
        }
    }

    @Test
    void matchesAsPostgresqlDoes() {
        assertThat(ClientPattern.find("^urn:ngsi-ld:Off", LONG_ID)).isTrue();
        assertThat(ClientPattern.find("Parking:a{3}", LONG_ID)).isTrue();
        assertThat(ClientPattern.find("(?i)offstreet", LONG_ID)).isTrue();
        assertThat(ClientPattern.find("[[:digit:]]", LONG_ID)).isFalse();
        assertThat(ClientPattern.find("\\d+$", "urn:x:12")).isTrue();
        assertThat(ClientPattern.find("a.b", "a\nb")).as("the dot matches a newline, as in PostgreSQL").isTrue();
        assertThat(ClientPattern.find("\\.", "ab")).isFalse();
        assertThat(ClientPattern.find("a{", "a{")).as("a '{' without a count is a character").isTrue();
    }

    @Test
    void refusesWhatTheEnginesReadDifferentlyOrCannotRun() {
        assertRefused("(a)\\1", "back-references");
        assertRefused("(?=a)b", "look-around");
        assertRefused("(?<name>a)", "look-around");
        assertRefused("a(?i)b", "inline flags");
        assertRefused("\\bword\\b", "\\b is not supported");
        assertRefused("\\p{L}", "\\p is not supported");
        assertRefused("[\\W]", "inside [...]");
        assertRefused("x**", "invalid nested repetition");
        assertRefused("(unclosed", "missing closing )");
        assertRefused("trailing\\", "lone backslash");
        assertRefused("a".repeat(ClientPattern.MAX_LENGTH + 1), "at most 1000 characters");
        assertRefused("((a{100}){100}){100}", "too large");
        assertRefused("(.{100}){100}", "too large");
    }

    @Test
    void acceptsOrdinaryPatterns() {
        for (String regex : List.of("^urn:ngsi-ld:Parking:", ".*Gent.*", "\\d{4}-\\d{2}-\\d{2}", "[A-Za-z_]+\\.json$",
                "(?:a|b)c", "(?i)^abc", "[^/]+", ".{1000}", "[]a]", "[[:alpha:]]+", "\\(x\\)")) {
            ClientPattern.check(regex);
        }
    }

    @Test
    void queriesAndSubscriptionsRefuseThePatternWithItsReason() {
        assertThatThrownBy(() -> QueryParser.parse("name~=(a)\\1")).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("position 7").hasMessageContaining("back-references");
        assertThatThrownBy(() -> QueryTerms.idPattern("(?!x)")).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("idPattern cannot be used").hasMessageContaining("look-around");
        assertThatThrownBy(() -> ScopeQuery.parse("/Gent" + "/+".repeat(200))).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("scope pattern cannot be used").hasMessageContaining("at most 1000 characters");
    }

    @Test
    void theMatcherTestsTheTypeBeforeThePattern() {
        Entity parking = new Entity(LONG_ID, List.of("https://x.org/Parking"), List.of("/Gent/Centrum"), null, null, Map.of());
        EntitySelector other = new EntitySelector(List.of(), "(.*.){10}#", TypeExpression.parse("https://x.org/Other"));
        EntitySelector same = new EntitySelector(List.of(), "Parking:a+$", TypeExpression.parse("https://x.org/Parking"));
        assertThat(EntityMatcher.selected(parking, List.of(other))).isFalse();
        assertThat(EntityMatcher.selected(parking, List.of(other, same))).isTrue();
        assertThat(EntityMatcher.inScope(parking, ScopeQuery.parse("/Gent/#"))).isTrue();
        assertThat(EntityMatcher.inScope(parking, ScopeQuery.parse("/+/Centrum;/Leuven/#"))).isFalse();
    }

    private static void assertRefused(String regex, String why) {
        assertThatThrownBy(() -> ClientPattern.check(regex)).as(regex).isInstanceOf(ClientPattern.Refused.class)
                .hasMessageContaining(why);
    }
}
