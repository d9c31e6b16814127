package be.belfort.datapedia;

import java.util.List;
import java.util.Map;

/**
 * The diagnosis of one question at one moment: a cell per need and city, each with a score per dimension, the
 * figures and sources behind every score, and the gaps with whom to contact.
 *
 * @param computedAt   ISO 8601 instant
 * @param computeMillis how long the computation took
 */
public record Diagnosis(String question, String computedAt, long computeMillis, List<Cell> cells) {
    public Diagnosis {
        cells = List.copyOf(cells);
    }

    /** One dimension's verdict and the evidence for it. */
    public record Score(Dimension dimension, Level level, String reason, Map<String, Object> figures,
                        List<String> sources) {
        public Score {
            figures = Map.copyOf(figures);
            sources = List.copyOf(sources);
        }
    }

    /** Who holds the data or can close a gap: a dataset's publisher and contact point, or the city's data team. */
    public record Partner(String name, String contact, String role) {
    }

    /** A dimension that is not good, and whom to ask about it. */
    public record Gap(Dimension dimension, String reason, Partner partner) {
    }

    /**
     * A source found for the need in the city: a dataset on the platform, or one described in a harvested catalogue.
     *
     * @param ref     {@code platform:<tenant>/<type>} or the external dataset's IRI
     * @param kind    platform or external
     * @param access  open, restricted or personal (external: from dct:accessRights, else open when licensed)
     * @param ways    how to get it: api, event-stream, csv, geojson, or the distributions' formats
     */
    public record Source(String ref, String kind, String tenant, String type, String title, String access,
                         String license, String publisher, String contact, List<String> ways, String catalogue) {
        public Source {
            ways = List.copyOf(ways);
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isPlatform() {
            return "platform".equals(kind);
        }
    }

    /** The diagnosis of one need in one city. */
    public record Cell(String need, String city, Level level, List<Score> scores, List<Source> sources, List<Gap> gaps) {
        public Cell {
            scores = List.copyOf(scores);
            sources = List.copyOf(sources);
            gaps = List.copyOf(gaps);
        }

        public Score score(Dimension dimension) {
            return scores.stream().filter(score -> score.dimension() == dimension).findFirst().orElse(null);
        }
    }

    public Cell cell(String need, String city) {
        return cells.stream().filter(cell -> cell.need().equals(need) && cell.city().equals(city)).findFirst().orElse(null);
    }
}
