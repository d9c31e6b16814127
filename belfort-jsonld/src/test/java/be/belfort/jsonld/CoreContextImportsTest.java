package be.belfort.jsonld;

import be.belfort.security.OutboundGuard;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remote context that imports a versioned core context, followed by the core context the platform adds: the
 * protected core terms are defined twice, identically, which JSON-LD allows. (Titanium's own context cache used
 * to replay the second definition with another base URL, so the v1.8 core, the one the platform adds, was refused
 * as a protected term redefinition.)
 */
class CoreContextImportsTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "-v1.6", "-v1.7", "-v1.8", "-v1.9"})
    void aRemoteContextImportingTheCoreContextIsAccepted(String version) {
        try (ContextServer server = new ContextServer(path -> path.equals("/terms")
                ? "{\"@context\": {\"spots\": \"https://example.org/spots\"}}"
                : "{\"@context\": [\"/terms\", \"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context" + version + ".jsonld\"]}")) {
            ContextResolver resolver = new ContextResolver(new ContextLoader(ContextCachesTest.NO_HOSTED, "/ngsi-ld/v1/jsonldContexts/",
                    new RemoteContexts(ContextLimits.DEFAULT, OutboundGuard.allowingAll())), ContextLimits.DEFAULT);
            LdContext context = resolver.fromBody(JsonNodeFactory.instance.textNode(server.url("/compound")));
            assertThat(context.expand("spots")).isEqualTo("https://example.org/spots");
            assertThat(context.expand("Property")).isEqualTo("https://uri.etsi.org/ngsi-ld/Property");
            assertThat(context.compact("https://uri.etsi.org/ngsi-ld/Property")).isEqualTo("Property");
        }
    }
}
