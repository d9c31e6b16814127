package be.belfort.query;

import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParserTest {

    @Test
    void comparisonsOfEveryKindOfValue() {
        assertThat(QueryParser.parse("free>100")).isEqualTo(comparison("free", Operator.GREATER,
                literal(QueryValue.Kind.NUMBER, "100")));
        assertThat(QueryParser.parse("name==\"Sint-Pieters; \\\"Zuid\\\"\"")).isEqualTo(comparison("name",
                Operator.EQUAL, literal(QueryValue.Kind.STRING, "Sint-Pieters; \"Zuid\"")));
        assertThat(QueryParser.parse("open==true")).isEqualTo(comparison("open", Operator.EQUAL,
                literal(QueryValue.Kind.BOOLEAN, "true")));
        assertThat(QueryParser.parse("at>=2024-01-01T12:00:00Z")).isEqualTo(comparison("at", Operator.GREATER_OR_EQUAL,
                literal(QueryValue.Kind.DATE_TIME, "2024-01-01T12:00:00Z")));
        assertThat(QueryParser.parse("day<2024-01-01")).isEqualTo(comparison("day", Operator.LESS,
                literal(QueryValue.Kind.DATE, "2024-01-01")));
        assertThat(QueryParser.parse("opens<=08:30:00")).isEqualTo(comparison("opens", Operator.LESS_OR_EQUAL,
                literal(QueryValue.Kind.TIME, "08:30:00")));
        assertThat(QueryParser.parse("refTown==urn:ngsi-ld:Town:gent")).isEqualTo(comparison("refTown", Operator.EQUAL,
                literal(QueryValue.Kind.URI, "urn:ngsi-ld:Town:gent")));
        assertThat(QueryParser.parse("temp==-1.5e2")).isEqualTo(comparison("temp", Operator.EQUAL,
                literal(QueryValue.Kind.NUMBER, "-1.5e2")));
    }

    @Test
    void termsOverLinkedEntitiesFollowTheirRelationships() {
        // v1.8.1 clause 4.9: managedBy{name}=="x" matches the entity whose managedBy leads to one named x
        assertThat(QueryParser.parse("q", "managedBy{name}==\"Gent\"", true)).isEqualTo(new QueryExpression.Linked(
                "managedBy", comparison("name", Operator.EQUAL, literal(QueryValue.Kind.STRING, "Gent"))));
        QueryExpression nested = QueryParser.parse("q", "a{b{c.observedAt}}>2024-01-01T00:00:00Z;d{e}", true);
        assertThat(QueryExpression.linkDepth(nested)).isEqualTo(2);
        assertThat(nested).isInstanceOf(QueryExpression.AllOf.class);
        assertThat(((QueryExpression.AllOf) nested).terms().get(1))
                .isEqualTo(new QueryExpression.Linked("d", new QueryExpression.Presence(
                        new AttributePath("e", List.of(), List.of()), false)));
        assertThat(QueryExpression.linkDepth(QueryParser.parse("a==1"))).isZero();
        for (String mistake : new String[]{"a{b==1", "a{b}}==1", "!a{b}", "a{}==1", "a{b}{c}==1"}) {
            assertThatThrownBy(() -> QueryParser.parse("q", mistake, true)).as(mistake)
                    .isInstanceOf(NgsiLdException.class);
        }
        assertThatThrownBy(() -> QueryParser.parse("managedBy{name}==\"Gent\""))
                .hasMessageContaining("only served by Query Entities");
    }

    @Test
    void rangesListsAndPatterns() {
        assertThat(QueryParser.parse("free==10..20")).isEqualTo(comparison("free", Operator.EQUAL,
                new QueryValue.Range(literal(QueryValue.Kind.NUMBER, "10"), literal(QueryValue.Kind.NUMBER, "20"))));
        assertThat(QueryParser.parse("free==1.5..2.5")).isEqualTo(comparison("free", Operator.EQUAL,
                new QueryValue.Range(literal(QueryValue.Kind.NUMBER, "1.5"), literal(QueryValue.Kind.NUMBER, "2.5"))));
        assertThat(QueryParser.parse("status!=\"open\",\"full\"")).isEqualTo(comparison("status", Operator.UNEQUAL,
                new QueryValue.ValueList(List.of(literal(QueryValue.Kind.STRING, "open"),
                        literal(QueryValue.Kind.STRING, "full")))));
        assertThat(QueryParser.parse("name~=^P(ark|lein)[0-9]+;x")).isEqualTo(new QueryExpression.AllOf(List.of(
                comparison("name", Operator.MATCHES, new QueryValue.Pattern("^P(ark|lein)[0-9]+")),
                new QueryExpression.Presence(path("x"), false))));
        assertThat(QueryParser.parse("name!~=\"a|b\"")).isEqualTo(comparison("name", Operator.NOT_MATCHES,
                new QueryValue.Pattern("a|b")));
    }

    @Test
    void andBindsTighterThanOrAndParenthesesGroup() {
        QueryExpression a = new QueryExpression.Presence(path("a"), false);
        QueryExpression b = new QueryExpression.Presence(path("b"), false);
        QueryExpression c = new QueryExpression.Presence(path("c"), false);
        assertThat(QueryParser.parse("a|b;c")).isEqualTo(new QueryExpression.AnyOf(List.of(a,
                new QueryExpression.AllOf(List.of(b, c)))));
        assertThat(QueryParser.parse("(a|b);c")).isEqualTo(new QueryExpression.AllOf(List.of(
                new QueryExpression.AnyOf(List.of(a, b)), c)));
        assertThat(QueryParser.parse("!a")).isEqualTo(new QueryExpression.Presence(path("a"), true));
    }

    @Test
    void pathsIntoSubAttributesAndJsonValues() {
        assertThat(QueryParser.parse("free.observedAt>2024-01-01T00:00:00Z")).isEqualTo(comparison(
                new AttributePath("free", List.of("observedAt"), List.of()), Operator.GREATER,
                literal(QueryValue.Kind.DATE_TIME, "2024-01-01T00:00:00Z")));
        AttributePath nested = new AttributePath("address", List.of("source"), List.of("city", "name"));
        assertThat(QueryParser.parse("address.source[city][name]==\"Gent\"")).isEqualTo(comparison(nested,
                Operator.EQUAL, literal(QueryValue.Kind.STRING, "Gent")));
        assertThat(nested.expand(name -> "https://example.org/" + name)).isEqualTo(new AttributePath(
                "https://example.org/address", List.of("https://example.org/source"), List.of("city", "name")));
        assertThat(new AttributePath("a", List.of("observedAt"), List.of()).expand(name -> "x:" + name))
                .isEqualTo(new AttributePath("x:a", List.of("observedAt"), List.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "free>>3|6|is not a number",
            "free=3|5|unknown operator",
            "(free>3|8|')' to close",
            "free>3)|7|without its '('",
            "free>3;|8|expected an attribute name",
            "name==\"open|7|never closed",
            "open>true|6|needs one number",
            "free>1,2|6|ranges and lists",
            "free>1..2|6|ranges and lists",
            "name~=[a-|7|missing closing ]",
            "free==1..\"x\"|7|a range needs",
            "free==|7|expected a value",
            "a b|2|expected an operator",
    })
    void mistakesAreReportedWithTheirPosition(String q, int position, String message) {
        assertThatThrownBy(() -> QueryParser.parse(q)).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("position " + position).hasMessageContaining(message);
    }

    @Test
    void overlyComplexQueriesAreRefused() {
        String deep = "(".repeat(40) + "a" + ")".repeat(40);
        assertThatThrownBy(() -> QueryParser.parse(deep)).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("nests parentheses deeper than 32")
                .satisfies(e -> assertThat(((NgsiLdException) e).type().shortName()).isEqualTo("BadRequestData"));
    }

    private static AttributePath path(String name) {
        return new AttributePath(name, List.of(), List.of());
    }

    private static QueryValue.Literal literal(QueryValue.Kind kind, String text) {
        return new QueryValue.Literal(kind, text);
    }

    private static QueryExpression comparison(String attribute, Operator operator, QueryValue value) {
        return comparison(path(attribute), operator, value);
    }

    private static QueryExpression comparison(AttributePath path, Operator operator, QueryValue value) {
        return new QueryExpression.Comparison(path, operator, value);
    }
}
