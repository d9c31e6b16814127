package be.belfort.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.JsonDocument;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringReader;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * The NGSI-LD core @context, bundled with the platform. Every standard core-context URL of the 1.x
 * series resolves to this copy, so it is never fetched.
 */
public final class CoreContext {
    /** The URL the platform names when it tells clients which core context applies. */
    public static final String URL = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";

    private static final String RESOURCE = "ngsi-ld-core-context-v1.9.jsonld";
    private static final Pattern CORE_URL = Pattern.compile(
            "https?://uri\\.etsi\\.org/ngsi-ld/v1(\\.\\d+)*/ngsi-ld-core-context(-v1(\\.\\d+)*)?\\.jsonld");

    private static final String TEXT = load();
    /** The size of the bundled text, for the estimates of what processed contexts cost. */
    static final int BYTES = TEXT.length();

    private CoreContext() {
    }

    public static boolean isCoreUrl(String url) {
        return CORE_URL.matcher(url).matches();
    }

    /**
     * The core context document, parsed anew for each use: the JSON-LD processor may keep what it is given.
     * It carries no document URL, whichever versioned URL named it, so that its term definitions are the
     * same wherever it is imported (a protected term may be defined again only identically).
     */
    public static JsonDocument document() {
        try {
            return JsonDocument.of(new StringReader(TEXT));
        } catch (JsonLdError e) {
            throw new IllegalStateException("The bundled core context cannot be read", e);
        }
    }

    /**
     * Loads the bundled copy without the remote contexts that its scoped term definitions import
     * (the data-integrity context of "ngsildproof"): they only matter for signed entities, and
     * keeping them would make every context depend on a network fetch.
     */
    private static String load() {
        try (InputStream in = CoreContext.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The bundled core context is missing: " + RESOURCE);
            }
            ObjectNode document = (ObjectNode) new ObjectMapper().readTree(in);
            document.get("@context").forEach(definition -> {
                if (definition.get("@context") instanceof ArrayNode scoped) {
                    for (int i = scoped.size() - 1; i >= 0; i--) {
                        if (scoped.get(i).isTextual()) {
                            scoped.remove(i);
                        }
                    }
                }
            });
            return document.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
