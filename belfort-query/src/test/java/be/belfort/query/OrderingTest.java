package be.belfort.query;

import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** orderBy keys (v1.9.1 entity ordering): q attribute paths or entity members, each with ;asc or ;desc. */
class OrderingTest {
    private static Ordering parse(String orderBy) {
        return Ordering.parse(orderBy, name -> "https://example.org/" + name);
    }

    @Test
    void keysAreAttributePathsOrEntityMembersAscendingUnlessDesc() {
        Ordering ordering = parse("spots;desc,name,address[city];asc,spots.observedAt,id;desc,type,createdAt,modifiedAt");
        assertThat(ordering.keys()).containsExactly(
                new Ordering.Key(new Ordering.Attribute(new AttributePath("https://example.org/spots", List.of(), List.of())), true),
                new Ordering.Key(new Ordering.Attribute(new AttributePath("https://example.org/name", List.of(), List.of())), false),
                new Ordering.Key(new Ordering.Attribute(new AttributePath("https://example.org/address", List.of(),
                        List.of("city"))), false),
                new Ordering.Key(new Ordering.Attribute(new AttributePath("https://example.org/spots", List.of("observedAt"),
                        List.of())), false),
                new Ordering.Key(new Ordering.EntityMember("id"), true),
                new Ordering.Key(new Ordering.EntityMember("type"), false),
                new Ordering.Key(new Ordering.EntityMember("createdAt"), false),
                new Ordering.Key(new Ordering.EntityMember("modifiedAt"), false));
        assertThat(Ordering.parse(List.of("a", "b;desc"), name -> name).keys()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a,,b", "a,", ";desc", "a;up", "a;", "a;desc;asc", "a>1", "!a", "a|b", "a[", "(a)"})
    void malformedKeysAreBadRequestData(String orderBy) {
        assertThatThrownBy(() -> parse(orderBy)).isInstanceOfSatisfying(NgsiLdException.class,
                e -> assertThat(e.type().shortName()).isEqualTo("BadRequestData"));
    }

    @Test
    void distanceOrderingIsOneGeoPropertyMeasuredFromAGeometry() {
        Ordering ordering = parse("location;dist-desc").from("Point", com.fasterxml.jackson.databind.node.TextNode
                .valueOf("[3.72, 51.05]"));
        assertThat(ordering.distanceKey()).isEqualTo(new Ordering.Key(new Ordering.Attribute(new AttributePath(
                "https://example.org/location", List.of(), List.of())), true, true));
        assertThat(ordering.from().getCoordinate().x).isEqualTo(3.72);
        for (Runnable bad : List.<Runnable>of(
                () -> parse("location;dist-asc").from(null, null),
                () -> parse("location;dist-asc,name").from("Point", com.fasterxml.jackson.databind.node.TextNode.valueOf("[3, 51]")),
                () -> parse("location;dist-asc").from("Point", com.fasterxml.jackson.databind.node.TextNode.valueOf("[3]")),
                () -> parse("name").from("Point", com.fasterxml.jackson.databind.node.TextNode.valueOf("[3, 51]")),
                () -> parse("id;dist-asc"),
                () -> parse("location.observedAt;dist-asc"))) {
            assertThatThrownBy(bad::run).isInstanceOfSatisfying(NgsiLdException.class,
                    e -> assertThat(e.type().shortName()).isEqualTo("BadRequestData"));
        }
    }

    @Test
    void tooManyKeysAreTooComplex() {
        assertThatThrownBy(() -> parse("a,".repeat(Ordering.MAX_KEYS) + "a")).isInstanceOfSatisfying(NgsiLdException.class,
                e -> assertThat(e.type().shortName()).isEqualTo("TooComplexQuery"));
    }

    @Test
    void anOrderReferencesItsAttributesSoThatHiddenOnesCannotBeInferredFromTheOrder() {
        EntityQuery query = new EntityQuery(List.of(), List.of(), null, null, null, 10, 0, false)
                .ordered(parse("salary;desc,id"));
        assertThat(query.referencedAttributes()).containsExactly("https://example.org/salary");
    }
}
