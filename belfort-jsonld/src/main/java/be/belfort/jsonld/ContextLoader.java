package be.belfort.jsonld;

import be.belfort.model.ContextStore;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;

import java.io.StringReader;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves @context URLs for the JSON-LD processor: core-context URLs to the bundled copy, URLs of
 * contexts hosted here to the context store, everything else through {@link RemoteContexts}.
 */
public final class ContextLoader implements DocumentLoader {
    static final String HOSTED_PATH = "/ngsi-ld/v1/jsonldContexts/";
    private static final Pattern HOSTED = Pattern.compile(Pattern.quote(HOSTED_PATH) + "([^/?#]+)$");

    private final ContextStore hosted;
    private final RemoteContexts remote;

    public ContextLoader(ContextStore hosted, RemoteContexts remote) {
        this.hosted = hosted;
        this.remote = remote;
    }

    @Override
    public Document loadDocument(URI url, DocumentLoaderOptions options) throws JsonLdError {
        String text = url.toString();
        if (CoreContext.isCoreUrl(text)) {
            return CoreContext.document();
        }
        Optional<String> hostedJson = hostedContext(url);
        if (hostedJson.isPresent()) {
            JsonDocument document = JsonDocument.of(new StringReader(hostedJson.get()));
            document.setDocumentUrl(url);
            return document;
        }
        return remote.load(url);
    }

    private Optional<String> hostedContext(URI url) {
        if (url.getPath() == null) {
            return Optional.empty();
        }
        Matcher matcher = HOSTED.matcher(url.getPath());
        if (!matcher.find()) {
            return Optional.empty();
        }
        return hosted.find(matcher.group(1)).map(ContextStore.HostedContext::json);
    }
}
