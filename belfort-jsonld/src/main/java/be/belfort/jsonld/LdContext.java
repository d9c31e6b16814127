package be.belfort.jsonld;

import be.belfort.model.NgsiLdException;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.context.ActiveContext;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A processed @context (the user's contexts followed by the core context). Term expansion and IRI
 * compaction are the JSON-LD 1.1 algorithms of the Titanium processor; their results are cached
 * per context (in a {@link TermCache} shared by all contexts and bounded), so a term is worked out once and
 * then costs one map look-up.
 */
public final class LdContext {
    private final ActiveContext active;
    private final JsonNode reference;
    private final String linkUrl;
    private final TermCache terms;
    private final long id;

    LdContext(ActiveContext active, JsonNode reference, String linkUrl, TermCache terms) {
        this.active = active;
        this.terms = terms;
        this.id = terms.newContext();
        this.reference = reference;
        this.linkUrl = linkUrl;
        if (active.getInverseContext() == null) {
            active.createInverseContext();
        }
    }

    /** The @context value to put in JSON-LD answers: what the client gave, or the core context URL. */
    public JsonNode reference() {
        return reference;
    }

    /** The URL for the {@code Link} header of plain JSON answers. */
    public String linkUrl() {
        return linkUrl;
    }

    /** Expands a term (an attribute name, entity type or vocab value) to an IRI. */
    public String expand(String term) {
        return terms.expansion(id, term, this::expandUncached);
    }

    /** Compacts an IRI to the shortest term or compact IRI this context allows. */
    public String compact(String iri) {
        return terms.compaction(id, iri, this::compactUncached);
    }

    private String expandUncached(String term) {
        if (term.isEmpty() || term.startsWith("@")) {
            throw NgsiLdException.badData("Invalid name: '" + term + "'");
        }
        try {
            String iri;
            synchronized (active) {
                iri = active.uriExpansion().vocab(true).expand(term);
            }
            if (iri == null || iri.startsWith("@") || !iri.contains(":")) {
                throw NgsiLdException.badData("The name '" + term + "' does not expand to an IRI under the @context");
            }
            return iri;
        } catch (JsonLdError e) {
            throw NgsiLdException.badData("The name '" + term + "' cannot be expanded: " + e.getMessage());
        }
    }

    private String compactUncached(String iri) {
        try {
            synchronized (active) {
                String term = active.uriCompaction().vocab(true).compact(iri);
                return term == null ? iri : term;
            }
        } catch (JsonLdError e) {
            return iri;
        }
    }
}
