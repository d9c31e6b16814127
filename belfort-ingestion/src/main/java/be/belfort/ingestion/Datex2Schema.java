package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import org.w3c.dom.ls.DOMImplementationLS;
import org.w3c.dom.ls.LSInput;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.stax.StAXSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The official DATEX II schemas shipped with Belfort (resources {@code be/belfort/ingestion/datex2/}, see the NOTICE
 * there), and the validation of a document against the one of its version, told by its root element: v2.3
 * ({@code d2LogicalModel}) or v3 ({@code payload}, checked against 3.5's parking module). Each schema is compiled
 * once, at its first use, into a thread-safe {@link Schema}; each document gets a validator of its own. Nothing is
 * ever fetched: the schemas' imports come from the classpath, DTDs are refused, and neither the schemas nor a
 * document may reach a file or the network.
 */
public final class Datex2Schema {
    /** How many of a document's errors its refusal names. */
    static final int ERRORS_NAMED = 3;
    private static final int MAX_ERROR_LENGTH = 300;
    private static final String FOLDER = "/be/belfort/ingestion/datex2/";
    private static final String V3_NAMESPACES = "http://datex2.eu/schema/3/";
    private static final XMLInputFactory READERS = Datex2Parser.secureReaders();

    /** The versions read, and how their documents are recognised. */
    public enum Version {
        V2_3("v2.3", "http://datex2.eu/schema/2/2_0", "d2LogicalModel", "v2.3/DATEXIISchema_2_2_3.xsd"),
        V3("v3", "http://datex2.eu/schema/3/d2Payload", "payload", "v3.5/DATEXII_3_D2Payload.xsd");

        final String label;
        final String namespace;
        final String root;
        private final String schemaFile;
        private volatile Schema schema;

        Version(String label, String namespace, String root, String schemaFile) {
            this.label = label;
            this.namespace = namespace;
            this.root = root;
            this.schemaFile = schemaFile;
        }

        private Schema schema() {
            Schema compiled = schema;
            if (compiled == null) {
                synchronized (this) {
                    if (schema == null) {
                        schema = compile(schemaFile);
                    }
                    compiled = schema;
                }
            }
            return compiled;
        }
    }

    private Datex2Schema() {
    }

    /**
     * The document's version, once it is valid against that version's schema; a document that is not well-formed,
     * not DATEX II, or not valid is refused with the first errors and their lines.
     */
    public static Version validate(byte[] xml) {
        Version version = versionOf(xml);
        Validator validator = version.schema().newValidator();
        List<String> errors = new ArrayList<>();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setErrorHandler(new Errors(errors));
            XMLStreamReader reader = READERS.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                validator.validate(new StAXSource(reader));
            } finally {
                reader.close();
            }
        } catch (EnoughErrors e) {
            // the first errors are named below
        } catch (SAXException | XMLStreamException | IOException e) {
            if (errors.isEmpty()) {
                throw NgsiLdException.badData("The DATEX II document is not well-formed XML: " + rootCause(e));
            }
        }
        if (!errors.isEmpty()) {
            throw NgsiLdException.badData("The document is not valid against the DATEX II " + version.label + " schema: " + String.join("; ", errors));
        }
        return version;
    }

    /** The version the root element names; a document of neither is refused. */
    private static Version versionOf(byte[] xml) {
        try {
            XMLStreamReader reader = READERS.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                        String namespace = reader.getNamespaceURI() == null ? "" : reader.getNamespaceURI();
                        for (Version version : Version.values()) {
                            if (version.namespace.equals(namespace) && version.root.equals(reader.getLocalName())) {
                                return version;
                            }
                        }
                        throw NgsiLdException.badData("This is not a DATEX II parking publication: its root element is {"
                                + namespace + "}" + reader.getLocalName() + ", not d2LogicalModel (v2.3, " + Version.V2_3.namespace
                                + ") or payload (v3, " + Version.V3.namespace + ")");
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw NgsiLdException.badData("The DATEX II document is not well-formed XML: " + e.getMessage());
        }
        throw NgsiLdException.badData("The DATEX II document is empty");
    }

    private static String rootCause(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private static Schema compile(String file) {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setResourceResolver(new ShippedSchemas(file.substring(0, file.indexOf('/') + 1)));
            return factory.newSchema(new StreamSource(new ByteArrayInputStream(shipped(file)), FOLDER + file));
        } catch (SAXException e) {
            throw new IllegalStateException("The shipped DATEX II schema " + file + " does not compile", e);
        }
    }

    private static byte[] shipped(String file) {
        try (InputStream in = Datex2Schema.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                return null;
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Answers the schemas' imports from the shipped files of their version only; an import of a DATEX II v3 module
     * that is not shipped gets an empty schema of its namespace (D2Payload names them only in uniqueness
     * constraints). Anything else finds nothing, and is then refused by the factory, which may not fetch.
     */
    private static final class ShippedSchemas implements org.w3c.dom.ls.LSResourceResolver {
        private static final DOMImplementationLS LS = loadSaveImplementation();
        private final String versionFolder;

        ShippedSchemas(String versionFolder) {
            this.versionFolder = versionFolder;
        }

        @Override
        public LSInput resolveResource(String type, String namespace, String publicId, String systemId, String baseUri) {
            if (systemId == null || systemId.contains("/") || systemId.contains(":")) {
                return null;
            }
            LSInput input = LS.createLSInput();
            input.setSystemId(FOLDER + versionFolder + systemId);
            byte[] file = shipped(versionFolder + systemId);
            if (file != null) {
                input.setByteStream(new ByteArrayInputStream(file));
            } else if (namespace != null && namespace.startsWith(V3_NAMESPACES)) {
                input.setStringData("<xs:schema xmlns:xs=\"" + XMLConstants.W3C_XML_SCHEMA_NS_URI + "\" targetNamespace=\""
                        + namespace + "\"/>");
            } else {
                return null;
            }
            return input;
        }

        private static DOMImplementationLS loadSaveImplementation() {
            try {
                return (DOMImplementationLS) DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation();
            } catch (ParserConfigurationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Collects the first errors with their lines, and stops the validation once it has enough. */
    private record Errors(List<String> errors) implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
            // warnings do not make a document invalid
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            String message = e.getMessage();
            if (message.length() > MAX_ERROR_LENGTH) {
                message = message.substring(0, MAX_ERROR_LENGTH) + "…";
            }
            errors.add("line " + e.getLineNumber() + ": " + message);
            if (errors.size() >= ERRORS_NAMED) {
                throw new EnoughErrors();
            }
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }

    private static final class EnoughErrors extends SAXException {
        EnoughErrors() {
            super("enough errors");
        }
    }
}
