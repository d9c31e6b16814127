package be.belfort.api;

import be.belfort.jsonld.LdContext;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.query.QueryExpression;
import be.belfort.query.TypeExpression;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An entity query read from the URL or from a Query body (clause 5.2.23), with every name expanded. */
class QueryParamsTest {
    private static final String DEFAULT = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static final LdContext CORE = Requests.CONTEXTS.core();

    @Test
    void theUrlParametersBecomeOneSelectorAndTheFilters() {
        QueryParams.Filter filter = QueryParams.fromUrl(Requests.get("/ngsi-ld/v1/entities")
                .query("type", "OffStreetParking").query("id", "urn:ngsi-ld:P:1,urn:ngsi-ld:P:2")
                .query("attrs", "name,location").query("q", "availableSpotNumber>10").query("scopeQ", "/Gent/#")
                .context(), CORE);

        assertThat(filter.selectors()).hasSize(1);
        assertThat(filter.selectors().get(0).ids()).containsExactly("urn:ngsi-ld:P:1", "urn:ngsi-ld:P:2");
        assertThat(filter.selectors().get(0).type()).isEqualTo(new TypeExpression.Name(DEFAULT + "OffStreetParking"));
        assertThat(filter.attributes()).containsExactly(DEFAULT + "name", "https://uri.etsi.org/ngsi-ld/location");
        assertThat(filter.q()).isInstanceOfSatisfying(QueryExpression.Comparison.class,
                comparison -> assertThat(comparison.path().attribute()).isEqualTo(DEFAULT + "availableSpotNumber"));
        assertThat(filter.scope()).isNotNull();
        assertThat(filter.isEmpty()).isFalse();
        assertThat(QueryParams.fromUrl(Requests.get("/ngsi-ld/v1/entities").context(), CORE).isEmpty()).isTrue();
    }

    @Test
    void badUrlParametersAreBadRequestData() {
        assertBadData(() -> QueryParams.fromUrl(Requests.get("/").query("id", "not an id").context(), CORE));
        assertBadData(() -> QueryParams.fromUrl(Requests.get("/").query("q", "a>>1").context(), CORE));
        assertBadData(() -> QueryParams.fromUrl(Requests.get("/").query("type", "A;;B").context(), CORE));
        assertBadData(() -> QueryParams.fromUrl(Requests.get("/").query("georel", "near;maxDistance==10").context(), CORE));
    }

    @Test
    void aQueryBodyNamesItsTypeAndItsMembers() throws IOException {
        QueryParams.Filter filter = QueryParams.fromBody(json("""
                {"type": "Query", "entities": [{"type": "Bench"}, {"type": "OffStreetParking", "idPattern": "^urn:.*"}],
                 "attrs": ["name"], "q": "name==\\"x\\"",
                 "geoQ": {"georel": "near;maxDistance==100", "geometry": "Point", "coordinates": [3.7, 51.0]}}"""), CORE);

        assertThat(filter.selectors()).hasSize(2);
        assertThat(filter.selectors().get(1).idPattern()).isEqualTo("^urn:.*");
        assertThat(filter.attributes()).containsExactly(DEFAULT + "name");
        assertThat(filter.geo().geoproperty()).isEqualTo("https://uri.etsi.org/ngsi-ld/location");

        assertBadData(() -> QueryParams.fromBody(json("{\"entities\": [{\"type\": \"Bench\"}]}"), CORE));
        assertBadData(() -> QueryParams.fromBody(json("[]"), CORE));
        assertBadData(() -> QueryParams.fromBody(json("{\"type\": \"Query\", \"attrs\": []}"), CORE));
        assertBadData(() -> QueryParams.fromBody(json("{\"type\": \"Query\", \"q\": 5}"), CORE));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }

    private static void assertBadData(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(NgsiLdException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
    }
}
