package be.belfort.api;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Content types and Accept negotiation (clause 6.3.4 and RFC 9110's quality values). */
class MediaTypesTest {
    private final ResponseWriter writer = new ResponseWriter(new com.fasterxml.jackson.databind.ObjectMapper());

    @Test
    void theEssenceOfAContentTypeDropsItsParametersAndCase() {
        assertThat(MediaTypes.essence("Application/LD+JSON; charset=utf-8")).isEqualTo(MediaTypes.JSON_LD);
        assertThat(MediaTypes.essence(" application/json ")).isEqualTo(MediaTypes.JSON);
        assertThat(MediaTypes.essence(null)).isNull();
    }

    @Test
    void mediaRangesAreRankedByQualityAndRefusedOnesLeftOut() {
        assertThat(MediaTypes.ranked("text/html;q=0.2, application/ld+json, application/json;q=0.8, image/png;q=0"))
                .extracting(MediaTypes.Choice::type).containsExactly(MediaTypes.JSON_LD, MediaTypes.JSON, "text/html");
        assertThat(MediaTypes.ranked("application/json;q=abc")).as("an unreadable quality refuses").isEmpty();
        assertThat(MediaTypes.ranked("application/json, application/ld+json")).as("equal qualities keep their order")
                .extracting(MediaTypes.Choice::type).containsExactly(MediaTypes.JSON, MediaTypes.JSON_LD);
    }

    @Test
    void theContextLinkNamesTheJsonLdContextRelation() {
        assertThat(MediaTypes.contextLink("https://example.org/ctx.jsonld")).isEqualTo("<https://example.org/ctx.jsonld>;"
                + " rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
    }

    @Test
    void negotiationTakesTheMostWantedTypeOnOffer() {
        assertThat(negotiate(null, false)).isEqualTo(MediaTypes.JSON);
        assertThat(negotiate("application/json;q=0.5, application/ld+json", false)).isEqualTo(MediaTypes.JSON_LD);
        assertThat(negotiate("application/ld+json;q=0.1, application/json", false)).isEqualTo(MediaTypes.JSON);
        assertThat(negotiate("text/html, */*;q=0.1", false)).isEqualTo(MediaTypes.JSON);
        assertThat(negotiate("application/*", false)).isEqualTo(MediaTypes.JSON);
        assertThat(negotiate("application/geo+json, application/json;q=0.9", true)).isEqualTo(MediaTypes.GEO_JSON);
        assertThat(negotiate("application/geo+json, application/json;q=0.9", false)).isEqualTo(MediaTypes.JSON);
    }

    @Test
    void nothingOnOfferIsNotAcceptable() {
        for (String accept : new String[] {"text/html", "application/geo+json", "application/json;q=0", "application/xml"}) {
            assertThatThrownBy(() -> negotiate(accept, false)).as(accept)
                    .isInstanceOfSatisfying(NgsiLdException.class,
                            e -> assertThat(e.type()).isEqualTo(ErrorType.NOT_ACCEPTABLE));
        }
    }

    private String negotiate(String accept, boolean geoJson) {
        Requests request = Requests.get("/ngsi-ld/v1/entities");
        if (accept != null) {
            request.header("Accept", accept);
        }
        return writer.negotiate(request.context(), geoJson);
    }
}
