package be.belfort.opendata;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.serialization.QuadsToJsonld;
import com.apicatalog.rdf.api.RdfConsumerException;
import jakarta.json.JsonArray;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonWriter;
import org.eclipse.rdf4j.model.Literal;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.Rio;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RDF serialisations the open-data paths answer in: Turtle, N-Triples, N-Quads and TriG written by
 * RDF4J Rio, JSON-LD by Titanium (from the same triples, compacted with the prefixes below).
 */
public enum RdfFormat {
    TURTLE("text/turtle", RDFFormat.TURTLE),
    JSON_LD("application/ld+json", null),
    N_TRIPLES("application/n-triples", RDFFormat.NTRIPLES),
    N_QUADS("application/n-quads", RDFFormat.NQUADS),
    TRIG("application/trig", RDFFormat.TRIG);

    /** Prefixes for Turtle, TriG and the JSON-LD context, in a fixed order: the same triples, the same bytes. */
    static final Map<String, String> PREFIXES = new TreeMap<>(Map.ofEntries(
            Map.entry("dcat", Vocabulary.DCAT_NS), Map.entry("dct", Vocabulary.DCT_NS), Map.entry("foaf", Vocabulary.FOAF_NS),
            Map.entry("vcard", Vocabulary.VCARD_NS), Map.entry("xsd", "http://www.w3.org/2001/XMLSchema#"),
            Map.entry("ldes", "https://w3id.org/ldes#"), Map.entry("tree", "https://w3id.org/tree#"),
            Map.entry("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"), Map.entry("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
            Map.entry("dcatap", "http://data.europa.eu/r5r/"), Map.entry("adms", "http://www.w3.org/ns/adms#"),
            Map.entry("skos", "http://www.w3.org/2004/02/skos/core#"), Map.entry("prov", "http://www.w3.org/ns/prov#"),
            Map.entry("locn", "http://www.w3.org/ns/locn#")));

    private final String mediaType;
    private final RDFFormat rio;

    RdfFormat(String mediaType, RDFFormat rio) {
        this.mediaType = mediaType;
        this.rio = rio;
    }

    public String mediaType() {
        return mediaType;
    }

    public static RdfFormat ofMediaType(String mediaType) {
        for (RdfFormat format : values()) {
            if (format.mediaType.equals(mediaType)) {
                return format;
            }
        }
        return null;
    }

    public byte[] write(Model model) {
        PREFIXES.forEach(model::setNamespace);
        if (rio != null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Rio.write(model, out, rio);
            return out.toByteArray();
        }
        return jsonLd(model).getBytes(StandardCharsets.UTF_8);
    }

    /** Hands the triples to the JSON-LD processor, one by one, in its own terms. */
    private static JsonArray expanded(Model model) throws JsonLdError, RdfConsumerException {
        // Native types stay off: with them this processor loses the language of language-tagged strings.
        QuadsToJsonld consumer = new QuadsToJsonld();
        for (Statement statement : model) {
            String subject = resource(statement.getSubject());
            String predicate = statement.getPredicate().stringValue();
            if (statement.getObject() instanceof Literal literal) {
                consumer.quad(subject, predicate, literal.getLabel(), literal.getDatatype().stringValue(),
                        literal.getLanguage().orElse(null), null, null);
            } else {
                consumer.quad(subject, predicate, resource((Resource) statement.getObject()), null, null, null, null);
            }
        }
        return consumer.toJsonLd();
    }

    private static String resource(Resource resource) {
        return resource.isBNode() ? "_:" + resource.stringValue() : resource.stringValue();
    }

    private static String jsonLd(Model model) {
        try {
            JsonArray expanded = expanded(model);
            var context = Json.createObjectBuilder();
            PREFIXES.forEach(context::add);
            JsonObject contextDocument = Json.createObjectBuilder().add("@context", context).build();
            JsonObject compacted = JsonLd.compact(JsonDocument.of(expanded), JsonDocument.of(contextDocument)).get();
            StringWriter text = new StringWriter();
            try (JsonWriter writer = Json.createWriter(text)) {
                writer.write((JsonStructure) compacted);
            }
            return text.toString();
        } catch (JsonLdError | RdfConsumerException e) {
            throw new IllegalStateException("The triples could not be written as JSON-LD", e);
        }
    }
}
