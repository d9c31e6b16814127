package be.belfort.query;

import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every expression parser stops at its stated limits with a BadRequestData naming the limit, long before its
 * own stack (10,000 parentheses) or the database's could fail, and without repeating a huge expression.
 */
class QueryLimitsTest {

    private static void refused(Runnable parse, String mentions) {
        assertThatThrownBy(parse::run).isInstanceOf(NgsiLdException.class)
                .satisfies(e -> {
                    NgsiLdException problem = (NgsiLdException) e;
                    assertThat(problem.type().shortName()).isEqualTo("BadRequestData");
                    assertThat(problem.detail()).contains(mentions).hasSizeLessThan(600);
                });
    }

    private static String nested(int depth, String inner) {
        return "(".repeat(depth) + inner + ")".repeat(depth);
    }

    @Test
    void parenthesesNestDeeperThan32NowhereAndTenThousandCauseNoStackOverflow() {
        for (int depth : new int[] {33, 1_000, 10_000}) {
            String what = depth == 10_000 ? "the limit is" : "nests parentheses deeper than 32";
            refused(() -> QueryParser.parse(nested(depth, "a>1")), what);
            refused(() -> TypeExpression.parse(nested(depth, "Sensor")), what);
            refused(() -> ScopeQuery.parse(nested(depth, "/Gent")), what);
        }
        assertThatCode(() -> QueryParser.parse(nested(32, "a>1"))).doesNotThrowAnyException();
        assertThatCode(() -> TypeExpression.parse(nested(32, "Sensor"))).doesNotThrowAnyException();
        assertThatCode(() -> ScopeQuery.parse(nested(32, "/Gent"))).doesNotThrowAnyException();
    }

    @Test
    void expressionsLongerThanTheLimitAreRefusedBeforeParsing() {
        String longQ = "a==\"" + "x".repeat(QueryLimits.MAX_LENGTH) + "\"";
        refused(() -> QueryParser.parse(longQ), "is " + longQ.length() + " characters long (the limit is 32768)");
        refused(() -> TypeExpression.parse("T".repeat(QueryLimits.MAX_LENGTH + 1)), "the limit is 32768");
    }

    @Test
    void termsPast256AreRefusedInEveryLanguage() {
        String types = IntStream.range(0, 257).mapToObj(i -> "T" + i).collect(Collectors.joining(","));
        refused(() -> TypeExpression.parse(types), "more than 256 terms");
        String scopes = IntStream.range(0, 257).mapToObj(i -> "/s" + i).collect(Collectors.joining(","));
        refused(() -> ScopeQuery.parse(scopes), "more than 256 terms");
        String q = IntStream.range(0, 257).mapToObj(i -> "a" + i + ">1").collect(Collectors.joining(";"));
        refused(() -> QueryParser.parse(q), "more than 256 terms");
    }

    @Test
    void valuesListedInQArePast1000Refused() {
        String thousand = IntStream.range(0, 1000).mapToObj(Integer::toString).collect(Collectors.joining(","));
        assertThatCode(() -> QueryParser.parse("a==" + thousand)).doesNotThrowAnyException();
        refused(() -> QueryParser.parse("a==" + thousand + ",1000"), "lists more than 1000 values");
        refused(() -> QueryParser.parse("a==" + thousand + ";b==1"), "lists more than 1000 values");
    }

    @Test
    void attributePathsOfMoreThan16SegmentsAreRefused() {
        assertThatCode(() -> QueryParser.parse("a" + ".s".repeat(15) + "==1")).doesNotThrowAnyException();
        refused(() -> QueryParser.parse("a" + ".s".repeat(16) + "==1"), "more than 16 segments");
        refused(() -> QueryParser.parse("a" + ".s".repeat(10) + "[k]".repeat(6) + "==1"), "more than 16 segments");
        refused(() -> QueryParser.parse("a" + ".s".repeat(10_000) + "==1"), "the limit is");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a>0000-01-01T00:00:00Z", "a<0000-01-01", "a==2024-13-45T10:00:00Z", "a>2024-02-30",
            "a<25:61", "a==2024-01-01T10:00:00+99:00", "a==2024-01-01T24:00Z"})
    void datesAndTimesThatDoNotExistAreRefused(String q) {
        refused(() -> QueryParser.parse(q), "is not a date or time that exists");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a>0001-01-01T00:00:00Z", "a<9999-12-31", "a==2024-02-29T10:00:00.5+02:00",
            "a<23:59:59Z", "a>2024-01-01T10:00", "a>2024-01-01T10:00:00-0530"})
    void possibleDatesAndTimesAreTaken(String q) {
        assertThatCode(() -> QueryParser.parse(q)).doesNotThrowAnyException();
    }
}
