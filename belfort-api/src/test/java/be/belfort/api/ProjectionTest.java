package be.belfort.api;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The v1.8 projection parameters (clause 4.21): attrs, pick and omit, and their mistakes. */
class ProjectionTest {
    private static final UnaryOperator<String> EXPAND = name -> "https://example.org/" + name;

    @Test
    void pickShowsOnlyWhatItNamesIdAndTypeIncluded() {
        Projection picked = Projection.of(null, "id,name", null, EXPAND);
        assertThat(picked.attributes()).containsExactly("https://example.org/name");
        assertThat(picked.hiddenMembers()).containsExactlyInAnyOrder("type", "scope", "expiresAt");
        assertThat(picked.namesAttributesOnly()).isFalse();
    }

    @Test
    void omitLeavesOutWhatItNamesIdAndTypeIncluded() {
        Projection omitted = Projection.of(null, null, "type|free", EXPAND);
        assertThat(omitted.attributes()).isNull();
        assertThat(omitted.omitted()).containsExactly("https://example.org/free");
        assertThat(omitted.hiddenMembers()).containsExactly("type");
    }

    @Test
    void attrsNamesAttributesAndAlwaysShowsTheEntityMembers() {
        Projection attrs = Projection.of("a,b", null, null, EXPAND);
        assertThat(attrs.attributes()).containsExactly("https://example.org/a", "https://example.org/b");
        assertThat(attrs.hiddenMembers()).isEmpty();
        assertThat(attrs.namesAttributesOnly()).isTrue();
        assertThat(Projection.of((String) null, null, null, EXPAND)).isEqualTo(Projection.ALL);
    }

    @Test
    void aQueryBodyListsItsNames() {
        Projection picked = Projection.of(null, List.of("id", "name"), null, EXPAND);
        assertThat(picked.attributes()).containsExactly("https://example.org/name");
    }

    @Test
    void moreThanOneOrMalformedIsBadRequestData() {
        for (String[] params : new String[][] {{"a", "b", null}, {null, "a", "b"}, {"a", null, "b"},
                {null, "a,,b", null}, {null, null, "a,"}, {null, "{}", null}, {null, "a{b", null}, {null, "a{}", null},
                {null, "a{b}}", null}, {null, "id{b}", null}, {"a{b}", null, null}, {null, "a{b}c", null},
                {"", null, null}, {null, "a b", null}}) {
            assertThatThrownBy(() -> Projection.of(params[0], params[1], params[2], EXPAND))
                    .as(String.join(" ", String.valueOf(params[0]), String.valueOf(params[1]), String.valueOf(params[2])))
                    .isInstanceOf(NgsiLdException.class)
                    .satisfies(e -> assertThat(((NgsiLdException) e).type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
        }
    }

    @Test
    void pickAndOmitProjectTheEntitiesRelationshipsLeadTo() {
        Projection picked = Projection.of(null, "id,locatedAt{id,name,isInCountry{description}}", null, EXPAND);
        assertThat(picked.attributes()).containsExactly("https://example.org/locatedAt");
        Projection city = picked.linked().get("https://example.org/locatedAt");
        assertThat(city.attributes()).containsExactly("https://example.org/name", "https://example.org/isInCountry");
        assertThat(city.hiddenMembers()).contains("type").doesNotContain("id");
        assertThat(city.linked().get("https://example.org/isInCountry").attributes())
                .containsExactly("https://example.org/description");
        assertThat(picked.depth()).isEqualTo(2);

        Projection omitted = Projection.of(null, null, "type|locatedAt{name}", EXPAND);
        assertThat(omitted.omitted()).as("rel{…} does not leave rel out").isEmpty();
        assertThat(omitted.hiddenMembers()).containsExactly("type");
        assertThat(omitted.linked().get("https://example.org/locatedAt").omitted())
                .containsExactly("https://example.org/name");
        assertThat(omitted.depth()).isEqualTo(1);
        assertThat(Projection.of(null, List.of("id", "locatedAt{name}"), null, EXPAND).depth()).isEqualTo(1);
    }
}
