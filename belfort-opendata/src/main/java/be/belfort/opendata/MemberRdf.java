package be.belfort.opendata;

import be.belfort.jsonld.EntityRenderer;
import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.Representation;
import be.belfort.model.Entity;
import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.rdf.RdfResource;
import com.apicatalog.rdf.RdfValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.impl.LinkedHashModel;
import org.eclipse.rdf4j.model.util.Values;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RDF of event-stream members, produced from their NGSI-LD JSON-LD by the JSON-LD processor: each
 * change becomes a version of its entity, holding what the change wrote, with {@code dct:isVersionOf}
 * the entity and {@code prov:generatedAtTime} the time of the commit.
 */
final class MemberRdf {
    static final IRI IS_VERSION_OF = Values.iri(Vocabulary.DCT_NS + "isVersionOf");
    static final IRI GENERATED_AT = Values.iri("http://www.w3.org/ns/prov#generatedAtTime");
    static final IRI DATE_TIME = Values.iri("http://www.w3.org/2001/XMLSchema#dateTime");

    private final LdContext core;
    private final DocumentLoader loader;
    private final ObjectMapper json;
    private final EntityRenderer renderer = new EntityRenderer();

    MemberRdf(LdContext core, DocumentLoader loader, ObjectMapper json) {
        this.core = core;
        this.loader = loader;
        this.json = json;
    }

    /** The version IRI of a change: the entity IRI with the commit time as fragment. */
    static String versionIri(MemberStore.Position position) {
        return position.entityId() + "#" + position.at();
    }

    static Value dateTime(Instant at) {
        return Values.literal(at.toString(), DATE_TIME);
    }

    Model members(String type, List<MemberStore.Change> changes) {
        ObjectNode document = json.createObjectNode();
        document.set("@context", TextNode.valueOf(core.linkUrl()));
        ArrayNode graph = document.putArray("@graph");
        for (MemberStore.Change change : changes) {
            Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
            change.written().forEach(written ->
                    attributes.computeIfAbsent(written.attribute(), name -> new ArrayList<>()).add(written.instance()));
            Entity version = new Entity(versionIri(change.position()), List.of(type), null, null, null, attributes);
            graph.add(renderer.render(version, core, Representation.NORMALIZED, false));
        }
        Model model = new LinkedHashModel();
        try {
            var dataset = JsonLd.toRdf(JsonDocument.of(new StringReader(document.toString()))).loader(loader).get();
            dataset.toList().forEach(quad -> model.add(resource(quad.getSubject()),
                    Values.iri(quad.getPredicate().getValue()), value(quad.getObject())));
        } catch (JsonLdError e) {
            throw new IllegalStateException("Members could not be turned into RDF: " + e.getMessage(), e);
        }
        for (MemberStore.Change change : changes) {
            IRI version = Values.iri(versionIri(change.position()));
            model.add(version, IS_VERSION_OF, Values.iri(change.position().entityId()));
            model.add(version, GENERATED_AT, dateTime(change.position().at()));
        }
        return model;
    }

    private static Resource resource(RdfResource resource) {
        return resource.isBlankNode() ? Values.bnode(resource.getValue().substring(2)) : Values.iri(resource.getValue());
    }

    private static Value value(RdfValue value) {
        if (!value.isLiteral()) {
            return resource((RdfResource) value);
        }
        var literal = value.asLiteral();
        return literal.getLanguage().isPresent() ? Values.literal(literal.getValue(), literal.getLanguage().get())
                : Values.literal(literal.getValue(), Values.iri(literal.getDatatype()));
    }
}
