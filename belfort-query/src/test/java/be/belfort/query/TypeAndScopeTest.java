package be.belfort.query;

import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TypeAndScopeTest {

    @Test
    void typeExpressions() {
        TypeExpression a = new TypeExpression.Name("A");
        TypeExpression b = new TypeExpression.Name("B");
        TypeExpression c = new TypeExpression.Name("C");
        assertThat(TypeExpression.parse("A")).isEqualTo(a);
        assertThat(TypeExpression.parse("A,B|C")).isEqualTo(new TypeExpression.AnyOf(List.of(a, b, c)));
        assertThat(TypeExpression.parse("A;B|C")).isEqualTo(new TypeExpression.AnyOf(List.of(
                new TypeExpression.AllOf(List.of(a, b)), c)));
        assertThat(TypeExpression.parse("(A|B);C")).isEqualTo(new TypeExpression.AllOf(List.of(
                new TypeExpression.AnyOf(List.of(a, b)), c)));
        assertThat(TypeExpression.parse("A;B").expand(name -> "https://x.org/" + name).names())
                .containsExactly("https://x.org/A", "https://x.org/B");
        assertThatThrownBy(() -> TypeExpression.parse("(A|B")).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("position 5");
        assertThatThrownBy(() -> TypeExpression.parse("A,,B")).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("position 3");
    }

    @Test
    void scopePatterns() {
        assertThat(matches("/Gent/Centrum", "/Gent/Centrum")).isTrue();
        assertThat(matches("/Gent/Centrum", "/Gent/Centrum/Korenmarkt")).isFalse();
        assertThat(matches("/Gent/#", "/Gent")).isTrue();
        assertThat(matches("/Gent/#", "/Gent/Centrum/Korenmarkt")).isTrue();
        assertThat(matches("/Gent/#", "/Gentbrugge")).isFalse();
        assertThat(matches("/+/Parking", "/Leuven/Parking")).isTrue();
        assertThat(matches("/+/Parking", "/Leuven/Centrum/Parking")).isFalse();
        assertThat(matches("/#", "/anything/at/all")).isTrue();
        assertThat(matches("/a.b", "/axb")).isFalse();
        assertThat(ScopeQuery.parse("/a,/b;/c")).isInstanceOf(ScopeQuery.AnyOf.class);
        assertThatThrownBy(() -> ScopeQuery.parse("Gent")).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("position 1").hasMessageContaining("starts with '/'");
        assertThatThrownBy(() -> ScopeQuery.parse("/Gent/#/x")).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("'#' may only end");
    }

    private static boolean matches(String pattern, String scope) {
        return Pattern.compile(((ScopeQuery.Matches) ScopeQuery.parse(pattern)).regex()).matcher(scope).matches();
    }
}
