package be.belfort.api;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request edge (clause 6.3): tenant header, Content-Type, JSON payloads and where their @context comes from. */
class RequestReaderTest {
    private static final String LINK = "<https://example.org/ctx.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\";"
            + " type=\"application/ld+json\"";
    private final RequestReader reader = new RequestReader(new ObjectMapper(), Requests.CONTEXTS);

    @Test
    void theTenantIsTheHeaderOrTheDefaultAndMustBeAName() {
        assertThat(reader.tenant(Requests.get("/").context())).isEmpty();
        assertThat(reader.tenant(Requests.get("/").header("NGSILD-Tenant", "gent.city-1").context())).isEqualTo("gent.city-1");
        for (String bad : new String[] {"../etc", "a b", "-leading", "x".repeat(129), "a..b"}) {
            assertThatThrownBy(() -> reader.tenant(Requests.get("/").header("NGSILD-Tenant", bad).context())).as(bad)
                    .isInstanceOfSatisfying(NgsiLdException.class,
                            e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
        }
    }

    @Test
    void aPayloadMustBeJsonOrJsonLd() {
        assertError(Requests.get("/").body("text/plain", "{}"), ErrorType.UNSUPPORTED_MEDIA_TYPE);
        assertError(Requests.get("/").body("application/json", ""), ErrorType.INVALID_REQUEST);
        assertError(Requests.get("/").body("application/json", "{\"a\": "), ErrorType.INVALID_REQUEST);
        assertError(Requests.get("/").body("application/json", "[".repeat(RequestReader.MAX_DEPTH + 1)),
                ErrorType.BAD_REQUEST_DATA);
    }

    @Test
    void plainJsonTakesItsContextFromTheLinkHeaderOrTheCore() {
        RequestReader.Payload core = reader.payload(Requests.get("/").body("application/json; charset=utf-8", "{\"a\": 1}")
                .context());
        assertThat(core.context()).isSameAs(Requests.CONTEXTS.core());
        assertThat(core.body().get("a").asInt()).isEqualTo(1);

        String coreLink = MediaTypes.contextLink("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld");
        assertThat(reader.payload(Requests.get("/").body("application/json", "{}").header("Link", coreLink).context())
                .context()).isSameAs(Requests.CONTEXTS.core());
        assertError(Requests.get("/").body("application/json", "{\"@context\": {}}"), ErrorType.BAD_REQUEST_DATA);
    }

    @Test
    void jsonLdCarriesItsOwnContextAndNoLinkHeader() {
        RequestReader.Payload payload = reader.payload(Requests.get("/").body("application/ld+json",
                "{\"@context\": {\"spots\": \"https://example.org/spots\"}, \"spots\": 3}").context());
        assertThat(payload.context().expand("spots")).isEqualTo("https://example.org/spots");

        assertError(Requests.get("/").body("application/ld+json", "{\"spots\": 3}"), ErrorType.BAD_REQUEST_DATA);
        assertError(Requests.get("/").body("application/ld+json", "{\"@context\": {}}").header("Link", LINK),
                ErrorType.BAD_REQUEST_DATA);
        assertThatThrownBy(() -> reader.payload(Requests.get("/").body("application/ld+json", "[{}]").context()).context())
                .as("an array has no context of its own").isInstanceOf(NgsiLdException.class);
    }

    @Test
    void aLinkHeaderWithoutTheContextRelationIsRefused() {
        assertThatThrownBy(() -> reader.context(Requests.get("/").header("Link", "<https://example.org/x>; rel=\"next\"")
                .context())).isInstanceOfSatisfying(NgsiLdException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
        assertThat(reader.context(Requests.get("/").context())).isSameAs(Requests.CONTEXTS.core());
    }

    @Test
    void eachLinkHeaderIsReadForItselfThoughTheLastOneIsRemembered() {
        String coreLink = MediaTypes.contextLink("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld");
        for (int i = 0; i < 2; i++) {
            assertThat(reader.context(Requests.get("/").header("Link", coreLink).context()))
                    .isSameAs(Requests.CONTEXTS.core());
        }
        // a refused header after a good one, and twice in a row: refused each time
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> reader.context(Requests.get("/").header("Link", "<>; rel=\""
                    + MediaTypes.JSON_LD_CONTEXT_REL + "\"").context())).isInstanceOfSatisfying(NgsiLdException.class,
                    e -> assertThat(e.getMessage()).contains("empty @context URL"));
        }
        // two links, the context second
        String two = "<https://example.org/next>; rel=\"next\", " + coreLink;
        assertThat(reader.context(Requests.get("/").header("Link", two).context())).isSameAs(Requests.CONTEXTS.core());
        assertThat(reader.context(Requests.get("/").header("Link", coreLink).context())).isSameAs(Requests.CONTEXTS.core());
    }

    private void assertError(Requests request, ErrorType type) {
        assertThatThrownBy(() -> reader.payload(request.context()))
                .isInstanceOfSatisfying(NgsiLdException.class, e -> assertThat(e.type()).isEqualTo(type));
    }
}
