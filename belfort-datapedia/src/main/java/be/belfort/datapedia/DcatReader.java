package be.belfort.datapedia;

import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Literal;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.model.impl.SimpleValueFactory;
import org.eclipse.rdf4j.model.vocabulary.RDF;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.RDFParseException;
import org.eclipse.rdf4j.rio.RDFParser;
import org.eclipse.rdf4j.rio.helpers.ParseErrorCollector;
import org.eclipse.rdf4j.rio.helpers.StatementCollector;
import org.eclipse.rdf4j.model.impl.LinkedHashModel;
import org.eclipse.rdf4j.rio.Rio;
import org.eclipse.rdf4j.rio.UnsupportedRDFormatException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the datasets of a DCAT(-AP) catalogue in Turtle, RDF/XML or JSON-LD (RDF4J Rio): titles, publisher, contact
 * point, licence, access rights, update frequency, what they conform to, keywords, spatial coverage and
 * distributions. A document that is not RDF, or holds no dcat:Dataset, is refused with the reason.
 */
public final class DcatReader {
    private static final String DCAT = "http://www.w3.org/ns/dcat#";
    private static final String DCT = "http://purl.org/dc/terms/";
    private static final String FOAF = "http://xmlns.com/foaf/0.1/";
    private static final String VCARD = "http://www.w3.org/2006/vcard/ns#";
    private static final String SKOS = "http://www.w3.org/2004/02/skos/core#";
    private static final ValueFactory VALUES = SimpleValueFactory.getInstance();

    private final int maxDatasets;

    public DcatReader(int maxDatasets) {
        this.maxDatasets = maxDatasets;
    }

    /** Thrown for a document that is not a readable DCAT catalogue. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    /**
     * @param contentType the answer's Content-Type, or null
     * @param url         where it came from: its extension decides when the Content-Type does not
     */
    public List<ExternalDataset> read(byte[] document, String contentType, String url) throws Unreadable {
        RDFFormat format = format(contentType, url);
        Model model;
        try {
            RDFParser parser = Rio.createParser(format);
            // the reason goes to the source's status; the log would only repeat it at every harvest
            parser.setParseErrorListener(new ParseErrorCollector());
            model = new LinkedHashModel();
            parser.setRDFHandler(new StatementCollector(model));
            parser.parse(new ByteArrayInputStream(document), url);
        } catch (RDFParseException | UnsupportedRDFormatException e) {
            throw new Unreadable("not " + format.getName() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new Unreadable("unreadable " + format.getName() + ": " + e.getMessage());
        }
        List<ExternalDataset> datasets = new ArrayList<>();
        for (Resource subject : model.filter(null, RDF.TYPE, iri(DCAT + "Dataset")).subjects()) {
            if (datasets.size() == maxDatasets) {
                break;
            }
            datasets.add(dataset(model, subject));
        }
        if (datasets.isEmpty()) {
            throw new Unreadable("the document describes no dcat:Dataset");
        }
        datasets.sort(java.util.Comparator.comparing(ExternalDataset::iri));
        return datasets;
    }

    static RDFFormat format(String contentType, String url) {
        if (contentType != null) {
            String essence = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
            Optional<RDFFormat> byType = Rio.getParserFormatForMIMEType(essence);
            if (byType.isPresent() && !essence.equals("text/plain")) {
                return byType.get();
            }
        }
        String path = url == null ? "" : url.split("[?#]", 2)[0];
        return Rio.getParserFormatForFileName(path).orElse(RDFFormat.TURTLE);
    }

    private static ExternalDataset dataset(Model model, Resource subject) {
        Map<String, String> titles = new LinkedHashMap<>();
        for (Value value : model.filter(subject, iri(DCT + "title"), null).objects()) {
            if (value instanceof Literal literal) {
                titles.putIfAbsent(literal.getLanguage().orElse("nl").toLowerCase(java.util.Locale.ROOT), literal.getLabel());
            }
        }
        Resource publisher = resource(model, subject, DCT + "publisher");
        String publisherName = publisher == null ? null
                : first(label(model, publisher, FOAF + "name"), label(model, publisher, SKOS + "prefLabel"));
        List<ExternalDataset.Distribution> distributions = new ArrayList<>();
        String license = text(model, subject, DCT + "license");
        List<String> conformsTo = new ArrayList<>(texts(model, subject, DCT + "conformsTo"));
        for (Value value : model.filter(subject, iri(DCAT + "distribution"), null).objects()) {
            if (value instanceof Resource distribution) {
                List<String> distributionConforms = texts(model, distribution, DCT + "conformsTo");
                conformsTo.addAll(distributionConforms);
                distributions.add(new ExternalDataset.Distribution(text(model, distribution, DCAT + "accessURL"),
                        text(model, distribution, DCAT + "downloadURL"),
                        first(text(model, distribution, DCAT + "mediaType"), text(model, distribution, DCT + "format")),
                        distributionConforms));
                license = first(license, text(model, distribution, DCT + "license"));
            }
        }
        return new ExternalDataset(subject.stringValue(), titles, publisherName,
                publisher instanceof IRI ? publisher.stringValue() : null, contact(model, subject), license,
                text(model, subject, DCT + "accessRights"), text(model, subject, DCT + "accrualPeriodicity"),
                conformsTo.stream().distinct().toList(), texts(model, subject, DCAT + "keyword"),
                texts(model, subject, DCT + "type"), texts(model, subject, DCT + "spatial"), distributions,
                text(model, subject, DCT + "modified"));
    }

    /** The contact point's e-mail or web address (vCard), or the contact point itself when it is an IRI. */
    private static String contact(Model model, Resource dataset) {
        Resource contact = resource(model, dataset, DCAT + "contactPoint");
        if (contact == null) {
            return null;
        }
        String address = first(text(model, contact, VCARD + "hasEmail"), text(model, contact, VCARD + "hasURL"),
                text(model, contact, VCARD + "fn"));
        if (address != null) {
            return address.contains("@") && !address.startsWith("mailto:") ? "mailto:" + address : address;
        }
        return contact instanceof IRI ? contact.stringValue() : null;
    }

    private static IRI iri(String iri) {
        return VALUES.createIRI(iri);
    }

    private static Resource resource(Model model, Resource subject, String predicate) {
        return model.filter(subject, iri(predicate), null).objects().stream().filter(Resource.class::isInstance)
                .map(Resource.class::cast).findFirst().orElse(null);
    }

    private static String text(Model model, Resource subject, String predicate) {
        return model.filter(subject, iri(predicate), null).objects().stream().map(DcatReader::textOf)
                .filter(java.util.Objects::nonNull).sorted().findFirst().orElse(null);
    }

    private static List<String> texts(Model model, Resource subject, String predicate) {
        return model.filter(subject, iri(predicate), null).objects().stream().map(DcatReader::textOf)
                .filter(java.util.Objects::nonNull).distinct().sorted().toList();
    }

    /** An IRI or literal as text; a blank node as the label or IRI it carries is read by the callers. */
    private static String textOf(Value value) {
        return value.isBNode() ? null : value.stringValue();
    }

    private static String label(Model model, Resource subject, String predicate) {
        for (Value value : model.filter(subject, iri(predicate), null).objects()) {
            if (value instanceof Literal literal && (literal.getLanguage().isEmpty()
                    || literal.getLanguage().get().startsWith("nl"))) {
                return literal.getLabel();
            }
        }
        return text(model, subject, predicate);
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
