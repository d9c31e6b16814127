package be.belfort.api;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pagination (clause 5.5.9): limit, offset and count, and the Link headers to the next and previous pages. */
class PagingTest {
    private static final String ENTITIES = "/ngsi-ld/v1/entities";

    @Test
    void withoutParametersAPageIsTwentyFromTheStartUncounted() {
        assertThat(Paging.of(Requests.get(ENTITIES).context(), 1000)).isEqualTo(new Paging(20, 0, false));
        assertThat(Paging.of(Requests.get(ENTITIES).query("limit", "5").query("offset", "10").query("count", "true")
                .context(), 1000)).isEqualTo(new Paging(5, 10, true));
    }

    @Test
    void wrongPagingIsRefusedWithTheNgsiLdErrors() {
        assertError(Requests.get(ENTITIES).query("limit", "-1"), ErrorType.BAD_REQUEST_DATA);
        assertError(Requests.get(ENTITIES).query("offset", "ten"), ErrorType.BAD_REQUEST_DATA);
        assertError(Requests.get(ENTITIES).query("limit", "0"), ErrorType.BAD_REQUEST_DATA);
        assertError(Requests.get(ENTITIES).query("limit", "1001"), ErrorType.TOO_MANY_RESULTS);
        assertThat(Paging.of(Requests.get(ENTITIES).query("limit", "0").query("count", "true").context(), 1000).limit())
                .as("only counting").isZero();
    }

    @Test
    void aFullPageLinksToTheNextKeepingTheOtherParametersEncoded() {
        Requests request = Requests.get(ENTITIES).query("type", "OffStreetParking").query("q", "spots>10;name==\"a b\"")
                .query("limit", "2");
        List<String> links = new Paging(2, 0, false).links(request.context(), 2, null);

        assertThat(links).containsExactly("</ngsi-ld/v1/entities?type=OffStreetParking&q=spots%3E10%3Bname%3D%3D%22a+b%22"
                + "&offset=2&limit=2>; rel=\"next\"");
    }

    @Test
    void aLaterPageLinksBackAndTheLastOneHasNoNext() {
        Requests request = Requests.get(ENTITIES).query("offset", "5").query("limit", "3");

        assertThat(new Paging(3, 5, false).links(request.context(), 1, null))
                .containsExactly("</ngsi-ld/v1/entities?offset=2&limit=3>; rel=\"prev\"");
        assertThat(new Paging(3, 2, false).links(request.context(), 3, null)).containsExactly(
                "</ngsi-ld/v1/entities?offset=5&limit=3>; rel=\"next\"", "</ngsi-ld/v1/entities?offset=0&limit=3>; rel=\"prev\"");
        assertThat(new Paging(0, 0, true).links(request.context(), 0, 0L)).as("a count only has no pages").isEmpty();
        assertThat(new Paging(3, 2, true).links(request.context(), 3, 5L)).as("a full last page when counted")
                .containsExactly("</ngsi-ld/v1/entities?offset=0&limit=3>; rel=\"prev\"");
    }

    private static void assertError(Requests request, ErrorType type) {
        assertThatThrownBy(() -> Paging.of(request.context(), 1000))
                .isInstanceOfSatisfying(NgsiLdException.class, e -> assertThat(e.type()).isEqualTo(type));
    }
}
