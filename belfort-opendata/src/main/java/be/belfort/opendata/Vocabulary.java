package be.belfort.opendata;

import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.util.Values;

/** The terms of DCAT, Dublin Core, FOAF, vCard and the EU authority tables that the catalogue uses. */
final class Vocabulary {
    static final String DCAT_NS = "http://www.w3.org/ns/dcat#";
    static final String DCT_NS = "http://purl.org/dc/terms/";
    static final String FOAF_NS = "http://xmlns.com/foaf/0.1/";
    static final String VCARD_NS = "http://www.w3.org/2006/vcard/ns#";
    static final String RDF_TYPE_IRI = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

    static final IRI TYPE = Values.iri(RDF_TYPE_IRI);
    static final IRI CATALOG = dcat("Catalog");
    static final IRI DATASET = dcat("Dataset");
    static final IRI DISTRIBUTION = dcat("Distribution");
    static final IRI DATA_SERVICE = dcat("DataService");
    static final IRI HAS_DATASET = dcat("dataset");
    static final IRI HAS_SERVICE = dcat("service");
    static final IRI HAS_DISTRIBUTION = dcat("distribution");
    static final IRI ACCESS_URL = dcat("accessURL");
    static final IRI DOWNLOAD_URL = dcat("downloadURL");
    static final IRI ACCESS_SERVICE = dcat("accessService");
    static final IRI MEDIA_TYPE = dcat("mediaType");
    static final IRI KEYWORD = dcat("keyword");
    static final IRI THEME = dcat("theme");
    static final IRI CONTACT_POINT = dcat("contactPoint");
    static final IRI LANDING_PAGE = dcat("landingPage");
    static final IRI ENDPOINT_URL = dcat("endpointURL");
    static final IRI ENDPOINT_DESCRIPTION = dcat("endpointDescription");
    static final IRI SERVES_DATASET = dcat("servesDataset");

    static final IRI TITLE = dct("title");
    static final IRI DESCRIPTION = dct("description");
    static final IRI PUBLISHER = dct("publisher");
    static final IRI IDENTIFIER = dct("identifier");
    static final IRI LICENSE = dct("license");
    static final IRI ISSUED = dct("issued");
    static final IRI MODIFIED = dct("modified");
    static final IRI LANGUAGE = dct("language");
    static final IRI SPATIAL = dct("spatial");
    static final IRI ACCRUAL_PERIODICITY = dct("accrualPeriodicity");
    static final IRI ACCESS_RIGHTS = dct("accessRights");
    static final IRI FORMAT = dct("format");
    static final IRI CONFORMS_TO = dct("conformsTo");

    static final IRI AGENT = Values.iri(FOAF_NS + "Agent");
    static final IRI DCT_AGENT = dct("Agent");
    static final IRI LICENSE_DOCUMENT = dct("LicenseDocument");
    static final IRI STANDARD = dct("Standard");
    static final IRI RIGHTS_STATEMENT = dct("RightsStatement");
    static final IRI LINGUISTIC_SYSTEM = dct("LinguisticSystem");
    static final IRI FREQUENCY = dct("Frequency");
    static final IRI LOCATION = dct("Location");
    static final IRI MEDIA_TYPE_CLASS = dct("MediaType");
    static final IRI MEDIA_TYPE_OR_EXTENT = dct("MediaTypeOrExtent");
    static final IRI DCT_TYPE = dct("type");
    static final IRI DOCUMENT = Values.iri(FOAF_NS + "Document");
    static final IRI CONCEPT = Values.iri("http://www.w3.org/2004/02/skos/core#Concept");
    static final IRI CONCEPT_SCHEME = Values.iri("http://www.w3.org/2004/02/skos/core#ConceptScheme");
    static final IRI VCARD_KIND = Values.iri(VCARD_NS + "Kind");
    static final IRI VCARD_FN = Values.iri(VCARD_NS + "fn");
    static final IRI THEME_TAXONOMY = dcat("themeTaxonomy");
    static final IRI AVAILABILITY = Values.iri("http://data.europa.eu/r5r/availability");
    static final IRI STABLE = Values.iri("http://publications.europa.eu/resource/authority/planned-availability/STABLE");
    static final IRI DATA_THEMES = Values.iri("http://publications.europa.eu/resource/authority/data-theme");
    static final IRI LDES_SPECIFICATION = Values.iri("https://w3id.org/ldes/specification");
    static final IRI NAME = Values.iri(FOAF_NS + "name");
    static final IRI HOMEPAGE = Values.iri(FOAF_NS + "homepage");
    static final IRI VCARD_ORGANIZATION = Values.iri(VCARD_NS + "Organization");
    static final IRI HAS_EMAIL = Values.iri(VCARD_NS + "hasEmail");
    static final IRI HAS_URL = Values.iri(VCARD_NS + "hasURL");

    static final IRI PUBLIC = Values.iri("http://publications.europa.eu/resource/authority/access-right/PUBLIC");
    static final IRI DUTCH = Values.iri("http://publications.europa.eu/resource/authority/language/NLD");
    static final IRI ENGLISH = Values.iri("http://publications.europa.eu/resource/authority/language/ENG");
    static final String FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/";
    static final String MEDIA_TYPES = "https://www.iana.org/assignments/media-types/";
    /** The NGSI-LD API specification the data service follows. */
    static final IRI NGSI_LD = Values.iri("https://www.etsi.org/deliver/etsi_gs/CIM/001_099/009/01.08.01_60/gs_CIM009v010801p.pdf");

    private Vocabulary() {
    }

    private static IRI dcat(String local) {
        return Values.iri(DCAT_NS + local);
    }

    private static IRI dct(String local) {
        return Values.iri(DCT_NS + local);
    }
}
