package be.belfort.datapedia.http;

import be.belfort.datapedia.Diagnoses;
import be.belfort.datapedia.Diagnosis;
import be.belfort.datapedia.Need;
import be.belfort.datapedia.Question;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A question's page in the reader's language: the matrix of needs and cities, each cell's evidence, the gaps. */
public record QuestionPage(String id, String title, String description, String domain, String computedAt,
                           List<String> cityNames, List<Row> rows, List<Evidence> evidence, List<Contact> contacts) {

    public record Row(String need, String detail, List<CellLink> cells) {
    }

    public record CellLink(String anchor, String level, String label, String description) {
    }

    public record Evidence(String anchor, String heading, String level, String label, List<ScoreLine> scores,
                           List<SourceLine> sources) {
    }

    public record ScoreLine(String dimension, String level, String label, String reason, List<Figure> figures) {
    }

    public record Figure(String label, String value) {
    }

    public record SourceLine(String title, String kind, String access, String license, String publisher, String contact,
                             String ways) {
    }

    /** Whom to ask, and about what. */
    public record Contact(String name, String contact, String href, List<String> about) {
    }

    static QuestionPage of(Question question, Diagnosis diagnosis, PageTexts t) {
        String language = t.code();
        List<String> cityNames = question.cities().stream().map(Diagnoses::displayName).toList();
        List<Row> rows = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        Map<String, Contact> contacts = new LinkedHashMap<>();
        for (Need need : question.needs()) {
            List<CellLink> cells = new ArrayList<>();
            for (String city : question.cities()) {
                Diagnosis.Cell cell = diagnosis == null ? null : diagnosis.cell(need.id(), city);
                String anchor = "cell-" + need.id() + "-" + city;
                String cityName = Diagnoses.displayName(city);
                if (cell == null) {
                    cells.add(new CellLink(null, "unknown", t.get("level.pending"), cityName));
                    continue;
                }
                String level = cell.level().term();
                cells.add(new CellLink(anchor, level, t.get("level." + level),
                        t.format("matrix.cellLabel", need.typeName(), cityName, t.get("level." + level))));
                evidence.add(evidence(anchor, need, cityName, cell, t, language));
                for (Diagnosis.Gap gap : cell.gaps()) {
                    Diagnosis.Partner partner = gap.partner();
                    String name = "cityDataTeam".equals(partner.role()) && partner.contact() == null
                            ? t.format("partner.cityTeam", partner.name()) : partner.name();
                    Contact contact = contacts.computeIfAbsent(name + "|" + partner.contact(), key -> new Contact(name,
                            partner.contact() == null ? t.get("partner.noContact") : partner.contact().replaceFirst("^mailto:", ""),
                            partner.contact() != null && partner.contact().matches("(mailto|https?):.*") ? partner.contact() : null,
                            new ArrayList<>()));
                    contact.about().add(need.typeName() + " · " + cityName + " · " + t.get("dimension." + gap.dimension().term())
                            + ": " + t.getOr("reason." + gap.dimension().term() + "." + gap.reason(), gap.reason()));
                }
            }
            rows.add(new Row(need.typeName(), detail(need, t), cells));
        }
        return new QuestionPage(question.id(), Question.in(question.title(), language),
                Question.in(question.description(), language), t.get("domain." + question.domain().term()),
                diagnosis == null ? null : t.dateTime(diagnosis.computedAt()), cityNames, rows, evidence,
                List.copyOf(contacts.values()));
    }

    private static String detail(Need need, PageTexts t) {
        List<String> parts = new ArrayList<>();
        if (need.dataModel() != null) {
            parts.add(need.dataModel());
        }
        if (!need.attributeNames().isEmpty()) {
            parts.add(String.join(", ", need.attributeNames()));
        }
        if (need.freshness() != null) {
            parts.add(t.format("need.freshness", need.freshness()));
        }
        if (need.history() != null) {
            parts.add(t.format("need.history", need.history()));
        }
        return String.join(" · ", parts);
    }

    private static Evidence evidence(String anchor, Need need, String cityName, Diagnosis.Cell cell, PageTexts t,
                                     String language) {
        List<ScoreLine> scores = new ArrayList<>();
        for (Diagnosis.Score score : cell.scores()) {
            String dimension = score.dimension().term();
            List<Figure> figures = new ArrayList<>();
            score.figures().forEach((key, value) -> figures.add(new Figure(t.getOr("figure." + key, key),
                    key.equals("share") ? Math.round(((Number) value).doubleValue() * 1000) / 10.0 + " %" : value(value, t))));
            scores.add(new ScoreLine(t.get("dimension." + dimension), score.level().term(),
                    t.get("level." + score.level().term()),
                    t.getOr("reason." + dimension + "." + score.reason(), score.reason()), figures));
        }
        List<SourceLine> sources = cell.sources().stream().map(source -> new SourceLine(source.title(),
                t.get("source." + source.kind()) + (source.catalogue() == null ? "" : " (" + source.catalogue() + ")"),
                t.getOr("access." + source.access(), source.access()), source.license() == null ? "" : source.license(),
                source.publisher() == null ? "" : source.publisher(),
                source.contact() == null ? "" : source.contact().replaceFirst("^mailto:", ""),
                String.join(", ", source.ways()))).toList();
        return new Evidence(anchor, need.typeName() + " — " + cityName, cell.level().term(),
                t.get("level." + cell.level().term()), scores, sources);
    }

    private static String value(Object value, PageTexts t) {
        if (value instanceof Boolean yes) {
            return t.get(yes ? "value.yes" : "value.no");
        }
        if (value instanceof Collection<?> list) {
            return list.isEmpty() ? "—" : String.join(", ", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((key, count) -> parts.add(key + ": " + count));
            return parts.isEmpty() ? "—" : String.join(", ", parts);
        }
        String text = String.valueOf(value);
        return text.matches("\\d{4}-\\d\\d-\\d\\dT.*Z") ? t.dateTime(text) : text;
    }
}
