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
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The official DATEX II schemas shipped with Belfort (resources {@code be/belfort/ingestion/datex2/}, see the NOTICE
 * there), and the validation of a document against the one of its version, told by its root element: v2.3
 * ({@code d2LogicalModel}), v3 ({@code payload}, checked against 3.5's parking module) or a v3 message container
 * ({@code messageContainer}, checked against 3.6's, whose parking module is 3.5's). Before that, a v3 document whose
 * payload is not a parking publication is refused as such, since its module is not shipped. Each schema is compiled
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
    private static final String PARKING_NAMESPACE = V3_NAMESPACES + "parking";
    private static final Set<String> PARKING_PUBLICATIONS = Set.of("ParkingTablePublication", "ParkingStatusPublication");
    private static final XMLInputFactory READERS = Datex2Parser.secureReaders();

    /** The versions read, and how their documents are recognised. */
    public enum Version {
        V2_3("v2.3", "http://datex2.eu/schema/2/2_0", "d2LogicalModel", "v2.3/DATEXIISchema_2_2_3.xsd"),
        V3("v3", "http://datex2.eu/schema/3/d2Payload", "payload", "v3.5/DATEXII_3_D2Payload.xsd"),
        V3_CONTAINER("v3.6 message container", "http://datex2.eu/schema/3/messageContainer", "messageContainer",
                "v3.6/DATEXII_3_MessageContainer.xsd");

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

    /**
     * The version the root element names; a document of none is refused, and so is a v3 document without a parking
     * publication as its payload or as each payload of its container.
     */
    private static Version versionOf(byte[] xml) {
        try {
            XMLStreamReader reader = READERS.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                        Version version = rootVersion(reader);
                        if (version == Version.V3) {
                            requireParking(reader, "payload");
                        } else if (version == Version.V3_CONTAINER) {
                            requireParkingPayloads(reader);
                        }
                        return version;
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

    private static Version rootVersion(XMLStreamReader reader) {
        String namespace = reader.getNamespaceURI() == null ? "" : reader.getNamespaceURI();
        for (Version version : Version.values()) {
            if (version.namespace.equals(namespace) && version.root.equals(reader.getLocalName())) {
                return version;
            }
        }
        throw NgsiLdException.badData("This is not a DATEX II parking publication: its root element is {" + namespace + "}"
                + reader.getLocalName() + ", not " + Arrays.stream(Version.values())
                .map(version -> version.root + " (" + version.label + ", " + version.namespace + ")")
                .collect(Collectors.joining(", ")));
    }

    /** Checks each payload of a message container, the children of its root; the rest of the container is not read. */
    private static void requireParkingPayloads(XMLStreamReader reader) throws XMLStreamException {
        int depth = 1;
        int payloads = 0;
        while (depth > 0 && reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (depth == 2 && Version.V3_CONTAINER.namespace.equals(reader.getNamespaceURI())
                        && reader.getLocalName().equals("payload")) {
                    payloads++;
                    requireParking(reader, "payload " + payloads + " of the message container");
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        if (payloads == 0) {
            throw NgsiLdException.badData("The DATEX II message container carries no payload");
        }
    }

    /** Refuses a v3 payload whose type is not one of the parking publications. */
    private static void requireParking(XMLStreamReader reader, String payload) {
        String type = reader.getAttributeValue(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "type");
        String local = type == null ? "" : type.substring(type.indexOf(':') + 1);
        String prefix = type == null || !type.contains(":") ? XMLConstants.DEFAULT_NS_PREFIX
                : type.substring(0, type.indexOf(':'));
        String namespace = reader.getNamespaceContext().getNamespaceURI(prefix);
        if (!PARKING_NAMESPACE.equals(namespace) || !PARKING_PUBLICATIONS.contains(local)) {
            throw NgsiLdException.badData("The DATEX II " + payload + " is " + (type == null ? "of no type (xsi:type)"
                    : "a {" + (namespace == null ? "" : namespace) + "}" + local) + ", not a ParkingTablePublication or"
                    + " ParkingStatusPublication of " + PARKING_NAMESPACE + ": Belfort reads parking publications only");
        }
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
