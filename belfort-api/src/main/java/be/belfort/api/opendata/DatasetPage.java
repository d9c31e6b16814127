package be.belfort.api.opendata;

import be.belfort.api.MediaTypes;

import be.belfort.opendata.Catalog;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.DatasetMetadata;

import java.util.List;
import java.util.Map;

/**
 * A dataset's landing page for a browser: its title, description, publisher and licence, and a link to each
 * way to get the data. The same URL gives RDF to a Linked Data client (content negotiation).
 */
final class DatasetPage {
    private static final Map<String, String> LICENCES = Map.of(
            DatasetMetadata.CC0, "Creative Commons Zero 1.0 (publiek domein)",
            DatasetMetadata.MODELLICENTIE_GRATIS_HERGEBRUIK, "Modellicentie voor gratis hergebruik 1.0");

    private DatasetPage() {
    }

    /** Whether the client wants a web page rather than RDF: it ranks HTML above every RDF serialisation. */
    static boolean wanted(String accept) {
        if (accept == null) {
            return false;
        }
        for (MediaTypes.Choice choice : MediaTypes.ranked(accept)) {
            if (choice.type().equals("text/html") || choice.type().equals("application/xhtml+xml")) {
                return true;
            }
            if (be.belfort.opendata.RdfFormat.ofMediaType(choice.type()) != null) {
                return false;
            }
        }
        return false;
    }

    static String html(Dataset dataset, Catalog catalog) {
        DatasetMetadata metadata = dataset.metadata();
        String title = metadata.title().get("nl");
        StringBuilder page = new StringBuilder(4096);
        page.append("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<link rel=\"alternate\" type=\"text/turtle\" href=\"").append(escape(catalog.datasetUrl(dataset)))
                .append("\">\n</head>\n<body>\n<main>\n<h1>").append(escape(title)).append("</h1>\n");
        Map<String, String> description = catalog.description(dataset);
        paragraph(page, description.get("nl"), "nl");
        if (metadata.title().containsKey("en")) {
            page.append("<h2 lang=\"en\">").append(escape(metadata.title().get("en"))).append("</h2>\n");
            paragraph(page, description.get("en"), "en");
        }
        page.append("<dl>\n<dt>Uitgever / Publisher</dt><dd><a href=\"").append(escape(metadata.publisherId())).append("\">")
                .append(escape(metadata.publisherName())).append("</a></dd>\n")
                .append("<dt>Contact</dt><dd><a href=\"").append(escape(metadata.contactPoint())).append("\">")
                .append(escape(metadata.contactPoint().replaceFirst("^mailto:", ""))).append("</a></dd>\n")
                .append("<dt>Licentie / Licence</dt><dd><a href=\"").append(escape(metadata.license())).append("\">")
                .append(escape(LICENCES.getOrDefault(metadata.license(), metadata.license()))).append("</a></dd>\n");
        if (!metadata.keywords().isEmpty()) {
            page.append("<dt>Trefwoorden / Keywords</dt><dd>").append(escape(String.join(", ", metadata.keywords())))
                    .append("</dd>\n");
        }
        page.append("</dl>\n<h2>Data</h2>\n<ul>\n");
        for (Catalog.Distribution distribution : catalog.distributions(dataset)) {
            String url = catalog.accessUrl(dataset, distribution);
            page.append("<li><a href=\"").append(escape(url)).append("\">").append(escape(distribution.titleNl()))
                    .append("</a> <span lang=\"en\">(").append(escape(distribution.titleEn())).append(")</span></li>\n");
        }
        page.append("</ul>\n<p><a href=\"").append(escape(catalog.catalogUrl())).append("\">Catalogus / Catalogue</a></p>\n")
                .append("</main>\n</body>\n</html>\n");
        return page.toString();
    }

    private static void paragraph(StringBuilder page, String text, String language) {
        if (text != null) {
            page.append("<p lang=\"").append(language).append("\">").append(escape(text)).append("</p>\n");
        }
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
