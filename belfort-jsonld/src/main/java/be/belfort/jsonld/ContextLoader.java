package be.belfort.jsonld;

import be.belfort.model.ContextStore;
import be.belfort.model.NgsiLdException;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;

import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves @context URLs for the JSON-LD processor: core-context URLs to the bundled copy, URLs of
 * contexts hosted here to the context store, everything else through {@link RemoteContexts}.
 */
public final class ContextLoader implements DocumentLoader {

    /** A loaded context document and the size of its text. */
    record Loaded(JsonDocument document, int bytes) {
    }

    private final ContextStore hosted;
    private final Pattern hostedPath;
    private final RemoteContexts remote;

    /**
     * @param hostedPath the path under which the API serves hosted contexts by id (ending in {@code /}): a
     *                   URL with this path and an id is read from the store, on whatever host it names
     */
    public ContextLoader(ContextStore hosted, String hostedPath, RemoteContexts remote) {
        this.hosted = hosted;
        this.hostedPath = Pattern.compile(Pattern.quote(hostedPath) + "([^/?#]+)$");
        this.remote = remote;
    }

    @Override
    public Document loadDocument(URI url, DocumentLoaderOptions options) {
        return load(url).document();
    }

    /**
     * The documents one request's @context imports, counted: beyond {@code maxImports} remote or hosted
     * contexts (at any depth of nesting) the context is refused, so that no chain or tree of imports can make
     * one request fetch and process without end. Not thread-safe: one per context being processed.
     */
    final class Imports implements DocumentLoader {
        private final int maxImports;
        private int count;
        private long bytes;

        Imports(int maxImports) {
            this.maxImports = maxImports;
        }

        @Override
        public Document loadDocument(URI url, DocumentLoaderOptions options) {
            if (!CoreContext.isCoreUrl(url.toString()) && ++count > maxImports) {
                throw NgsiLdException.badData("The @context imports more than " + maxImports
                        + " remote or hosted contexts (directly or nested)");
            }
            Loaded loaded = load(url);
            bytes += loaded.bytes();
            return loaded.document();
        }

        /** The text size of every document loaded so far. */
        long bytes() {
            return bytes;
        }
    }

    Imports imports(int maxImports) {
        return new Imports(maxImports);
    }

    private Loaded load(URI url) {
        if (CoreContext.isCoreUrl(url.toString())) {
            return new Loaded(CoreContext.document(), CoreContext.BYTES);
        }
        Optional<String> hostedJson = hostedContext(url);
        if (hostedJson.isPresent()) {
            try {
                JsonDocument document = JsonDocument.of(new StringReader(hostedJson.get()));
                document.setDocumentUrl(url);
                return new Loaded(document, hostedJson.get().getBytes(StandardCharsets.UTF_8).length);
            } catch (JsonLdError e) {
                throw NgsiLdException.badData("The hosted @context " + url + " cannot be read: " + e.getMessage());
            }
        }
        return remote.loadSized(url);
    }

    private Optional<String> hostedContext(URI url) {
        if (url.getPath() == null) {
            return Optional.empty();
        }
        Matcher matcher = hostedPath.matcher(url.getPath());
        if (!matcher.find()) {
            return Optional.empty();
        }
        return hosted.find(matcher.group(1)).map(ContextStore.HostedContext::json);
    }
}
