package be.belfort.datapedia;

import be.belfort.dashboard.SchemaValidity;
import be.belfort.datapedia.Diagnosis.Cell;
import be.belfort.datapedia.Diagnosis.Gap;
import be.belfort.datapedia.Diagnosis.Partner;
import be.belfort.datapedia.Diagnosis.Score;
import be.belfort.datapedia.Diagnosis.Source;
import be.belfort.opendata.AccessLevel;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.DatasetMetadata;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The diagnosis of one need in one city from its inputs: pure, so that every rule is tested with figures chosen by
 * hand. Each score names its reason (a code the pages translate) and the figures and sources it was computed from.
 */
public final class Diagnostician {
    private static final String PUBLIC_ACCESS = "PUBLIC";
    /** The invalid entities a completeness score names as evidence, each with its first problem. */
    static final int PROBLEMS_SHOWN = 3;
    /** History counts as deep enough when it reaches 95 % of what is asked: retention and clocks are not exact. */
    private static final double HISTORY_TOLERANCE = 0.95;

    public Cell diagnose(Need need, String city, CellInputs in, Instant now) {
        PlatformFacts facts = in.facts();
        boolean onPlatform = facts.entities() > 0;
        List<Source> sources = new ArrayList<>();
        Source platform = in.dataset() != null || onPlatform ? platformSource(need, city, in.dataset()) : null;
        if (platform != null) {
            sources.add(platform);
        }
        in.external().forEach(matched -> sources.add(externalSource(matched)));
        List<Score> scores = new ArrayList<>();
        scores.add(availability(facts, platform, in.external()));
        scores.add(accessibility(platform, in));
        String ref = platformRef(city, need.typeName());
        scores.add(timeliness(need, in, now, ref));
        scores.add(completeness(in, need, ref));
        scores.add(coverage(need, in, now, ref));
        scores.add(standards(need, platform, in));
        List<Gap> gaps = gaps(scores, in);
        scores.add(partners(gaps));
        return new Cell(need.id(), city, overall(scores), scores, sources, gaps);
    }

    /** Red when no data exists, green when every dimension is good, amber otherwise. */
    static Level overall(List<Score> scores) {
        Level level = Level.GOOD;
        for (Score score : scores) {
            if (score.dimension() == Dimension.PARTNERS) {
                continue;
            }
            if (score.dimension() == Dimension.AVAILABILITY && score.level() == Level.MISSING) {
                return Level.MISSING;
            }
            if (score.level() != Level.GOOD) {
                level = Level.PARTIAL;
            }
        }
        return level;
    }

    private static Source platformSource(Need need, String city, Dataset dataset) {
        DatasetMetadata metadata = dataset == null ? null : dataset.metadata();
        AccessLevel access = dataset == null ? AccessLevel.RESTRICTED : dataset.access();
        List<String> ways = new ArrayList<>(List.of("api"));
        if (access == AccessLevel.OPEN) {
            ways.addAll(List.of("event-stream", "csv", "geojson"));
        }
        return new Source(platformRef(city, need.typeName()), "platform", city, need.typeName(),
                metadata == null ? need.typeName() : Question.in(metadata.title(), "nl"), access.term(),
                metadata == null ? null : metadata.license(), metadata == null ? null : metadata.publisherName(),
                metadata == null ? null : metadata.contactPoint(), ways, null);
    }

    static String platformRef(String city, String typeName) {
        return "platform:" + city + "/" + typeName;
    }

    private static Source externalSource(CellInputs.Matched matched) {
        ExternalDataset dataset = matched.dataset();
        List<String> ways = dataset.distributions().stream()
                .map(distribution -> distribution.format() == null ? (distribution.downloadUrl() != null ? "download" : "access")
                        : shortFormat(distribution.format()))
                .distinct().toList();
        return new Source(dataset.iri(), "external", null, null, dataset.titleIn("nl"), externalAccess(dataset),
                dataset.license(), dataset.publisher(), dataset.contact(), ways, matched.source().url());
    }

    private static String shortFormat(String format) {
        String tail = format.substring(format.lastIndexOf('/') + 1);
        return tail.isEmpty() ? format : tail.toLowerCase(Locale.ROOT);
    }

    private static String externalAccess(ExternalDataset dataset) {
        String rights = dataset.accessRights();
        if (rights == null) {
            return dataset.license() == null ? "unknown" : "open";
        }
        String code = rights.substring(rights.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);
        return code.equals(PUBLIC_ACCESS) ? "open" : code.equals("NON_PUBLIC") ? "personal" : "restricted";
    }

    private static Score availability(PlatformFacts facts, Source platform, List<CellInputs.Matched> external) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("entities", facts.entities());
        figures.put("externalDatasets", external.size());
        List<String> refs = refs(platform, external);
        if (facts.entities() > 0) {
            return new Score(Dimension.AVAILABILITY, Level.GOOD, "platform", figures, refs);
        }
        if (!external.isEmpty()) {
            return new Score(Dimension.AVAILABILITY, Level.PARTIAL, "externalOnly", figures, refs);
        }
        return new Score(Dimension.AVAILABILITY, Level.MISSING, platform != null ? "declaredEmpty" : "none", figures, refs);
    }

    private static Score accessibility(Source platform, CellInputs in) {
        Score best = null;
        if (platform != null) {
            Level level = switch (platform.access()) {
                case "open" -> platform.license() == null ? Level.PARTIAL : Level.GOOD;
                case "restricted" -> Level.PARTIAL;
                default -> Level.MISSING;
            };
            best = new Score(Dimension.ACCESSIBILITY, level, platform.access(), accessFigures(platform), List.of(platform.ref()));
        }
        for (CellInputs.Matched matched : in.external()) {
            Source source = externalSource(matched);
            Level level = switch (source.access()) {
                case "open" -> Level.GOOD;
                case "personal" -> Level.MISSING;
                default -> Level.PARTIAL;
            };
            Score score = new Score(Dimension.ACCESSIBILITY, level, "external" + capital(source.access()),
                    accessFigures(source), List.of(source.ref()));
            best = best == null || better(score.level(), best.level()) ? score : best;
        }
        return best != null ? best
                : new Score(Dimension.ACCESSIBILITY, Level.MISSING, "noData", Map.of(), List.of());
    }

    private static Map<String, Object> accessFigures(Source source) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("access", source.access());
        if (source.license() != null) {
            figures.put("license", source.license());
        }
        figures.put("ways", source.ways());
        return figures;
    }

    private static Score timeliness(Need need, CellInputs in, Instant now, String ref) {
        PlatformFacts facts = in.facts();
        Duration asked = need.freshnessDuration();
        String frequency = in.dataset() == null || in.dataset().metadata() == null ? null
                : in.dataset().metadata().updateFrequency();
        Duration declared = Frequencies.allowedAge(frequency);
        Map<String, Object> figures = new LinkedHashMap<>();
        if (need.freshness() != null) {
            figures.put("freshnessAsked", need.freshness());
        }
        if (frequency != null) {
            figures.put("declaredFrequency", Frequencies.code(frequency));
        }
        if (facts.entities() == 0 || facts.newest() == null) {
            if (!in.external().isEmpty()) {
                ExternalDataset external = in.external().getFirst().dataset();
                if (external.updateFrequency() != null) {
                    figures.put("declaredFrequency", Frequencies.code(external.updateFrequency()));
                }
                if (external.modified() != null) {
                    figures.put("modified", external.modified());
                }
                return new Score(Dimension.TIMELINESS, Level.UNKNOWN, "notMeasured", figures, List.of(external.iri()));
            }
            return new Score(Dimension.TIMELINESS, Level.MISSING, "noData", figures, List.of());
        }
        Duration age = Duration.between(facts.newest(), now);
        figures.put("newest", facts.newest().toString());
        figures.put("ageSeconds", Math.max(0, age.toSeconds()));
        figures.put("entities", facts.entities());
        figures.put("stale", facts.stale());
        figures.put("staleEntities", facts.staleSample());
        List<String> refs = List.of(ref);
        if (asked != null && age.compareTo(asked) > 0) {
            return new Score(Dimension.TIMELINESS, Level.MISSING, "stale", figures, refs);
        }
        if (facts.stale() > 0) {
            return new Score(Dimension.TIMELINESS, Level.PARTIAL, "someStale", figures, refs);
        }
        if (declared != null && age.compareTo(declared) > 0) {
            return new Score(Dimension.TIMELINESS, Level.PARTIAL, "olderThanDeclared", figures, refs);
        }
        return new Score(Dimension.TIMELINESS, Level.GOOD, asked == null ? "noRequirement" : "fresh", figures, refs);
    }

    private static Score completeness(CellInputs in, Need need, String ref) {
        PlatformFacts facts = in.facts();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("required", need.attributeNames());
        if (facts.entities() == 0) {
            if (!in.external().isEmpty()) {
                return new Score(Dimension.COMPLETENESS, Level.UNKNOWN, "notMeasured", figures,
                        in.external().stream().map(matched -> matched.dataset().iri()).toList());
            }
            return new Score(Dimension.COMPLETENESS, Level.MISSING, "noData", figures, List.of());
        }
        figures.put("entities", facts.entities());
        figures.put("complete", facts.complete());
        figures.put("share", share(facts.complete(), facts.entities()));
        figures.put("missing", facts.missing());
        if (in.model() != null && !in.model().required().isEmpty()) {
            figures.put("schemaRequired", in.model().required());
            figures.put("schemaComplete", facts.schemaComplete());
        }
        boolean schemaComplete = in.model() == null || in.model().required().isEmpty()
                || facts.schemaComplete() == facts.entities();
        SchemaValidity validity = in.validity();
        if (validity != null) {
            figures.put("schema", validity.model().schemaId());
            figures.put("schemaChecked", validity.checked());
            figures.put("schemaSampled", validity.checked() < facts.entities());
            figures.put("schemaValid", validity.valid());
            figures.put("schemaValidShare", share(validity.valid(), validity.checked()));
            figures.put("schemaProblems", validity.invalid().stream().limit(PROBLEMS_SHOWN)
                    .map(invalid -> invalid.id() + " — " + invalid.first()).toList());
        }
        boolean schemaValid = validity == null || validity.valid() == validity.checked();
        List<String> refs = List.of(ref);
        if (facts.complete() == facts.entities() && schemaComplete && schemaValid) {
            return new Score(Dimension.COMPLETENESS, Level.GOOD, "complete", figures, refs);
        }
        if (facts.complete() == 0) {
            return new Score(Dimension.COMPLETENESS, Level.MISSING, "none", figures, refs);
        }
        String reason = facts.complete() < facts.entities() ? "partial" : !schemaComplete ? "schemaIncomplete" : "schemaInvalid";
        return new Score(Dimension.COMPLETENESS, Level.PARTIAL, reason, figures, refs);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 1000.0;
    }

    private static Score coverage(Need need, CellInputs in, Instant now, String ref) {
        PlatformFacts facts = in.facts();
        Map<String, Object> figures = new LinkedHashMap<>();
        if (need.history() != null) {
            figures.put("historyAsked", need.history());
        }
        if (facts.entities() == 0) {
            if (!in.external().isEmpty()) {
                List<String> spatial = in.external().stream().flatMap(matched -> matched.dataset().spatial().stream())
                        .distinct().toList();
                figures.put("spatial", spatial);
                return new Score(Dimension.COVERAGE, Level.UNKNOWN, "notMeasured", figures,
                        in.external().stream().map(matched -> matched.dataset().iri()).toList());
            }
            return new Score(Dimension.COVERAGE, Level.MISSING, "noData", figures, List.of());
        }
        List<String> refs = List.of(ref);
        figures.put("entities", facts.entities());
        if (facts.inArea() != null) {
            figures.put("inArea", facts.inArea());
        }
        if (facts.oldestHistory() != null) {
            figures.put("oldestHistory", facts.oldestHistory().toString());
            figures.put("historyDays", Math.round(Duration.between(facts.oldestHistory(), now).toHours() / 2.4) / 10.0);
        }
        if (need.area() != null && facts.inArea() != null && facts.inArea() == 0) {
            return new Score(Dimension.COVERAGE, Level.MISSING, "outsideArea", figures, refs);
        }
        Duration asked = need.historyDuration();
        if (asked != null) {
            if (facts.oldestHistory() == null) {
                return new Score(Dimension.COVERAGE, Level.MISSING, "noHistory", figures, refs);
            }
            Duration depth = Duration.between(facts.oldestHistory(), now);
            if (depth.toSeconds() < asked.toSeconds() * HISTORY_TOLERANCE) {
                return new Score(Dimension.COVERAGE, Level.PARTIAL, "shallowHistory", figures, refs);
            }
        }
        return new Score(Dimension.COVERAGE, Level.GOOD, "covered", figures, refs);
    }

    private static Score standards(Need need, Source platform, CellInputs in) {
        boolean smartDataModel = in.model() != null || need.dataModel() != null;
        Score best = null;
        if (platform != null) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("ngsiLd", true);
            figures.put("smartDataModel", smartDataModel);
            List<String> missingMetadata = missingMetadata(in.dataset());
            figures.put("dcatComplete", missingMetadata.isEmpty());
            figures.put("missingMetadata", missingMetadata);
            boolean stream = "open".equals(platform.access());
            figures.put("eventStream", stream);
            boolean all = smartDataModel && missingMetadata.isEmpty() && stream;
            best = new Score(Dimension.STANDARDS, all ? Level.GOOD : Level.PARTIAL, all ? "all" : "some", figures,
                    List.of(platform.ref()));
        }
        for (CellInputs.Matched matched : in.external()) {
            ExternalDataset dataset = matched.dataset();
            List<String> conforms = dataset.conformsTo().stream().map(text -> text.toLowerCase(Locale.ROOT)).toList();
            Map<String, Object> figures = new LinkedHashMap<>();
            boolean ngsiLd = conforms.stream().anyMatch(text -> text.contains("ngsi-ld"))
                    || dataset.distributions().stream().anyMatch(d -> d.format() != null && d.format().toLowerCase(Locale.ROOT).contains("ld+json"));
            boolean model = conforms.stream().anyMatch(text -> text.contains("smart-data-models") || text.contains("smartdatamodels"));
            boolean stream = conforms.stream().anyMatch(text -> text.contains("ldes") || text.contains("eventstream"));
            figures.put("ngsiLd", ngsiLd);
            figures.put("smartDataModel", model);
            figures.put("dcatComplete", dataset.publisher() != null && dataset.contact() != null && dataset.license() != null);
            figures.put("eventStream", stream);
            boolean all = ngsiLd && model && stream && (boolean) figures.get("dcatComplete");
            Score score = new Score(Dimension.STANDARDS, all ? Level.GOOD : Level.PARTIAL, all ? "all" : "some", figures,
                    List.of(dataset.iri()));
            best = best == null || better(score.level(), best.level()) ? score : best;
        }
        return best != null ? best : new Score(Dimension.STANDARDS, Level.MISSING, "noData", Map.of(), List.of());
    }

    /** The members DCAT-AP Vlaanderen requires or recommends that the dataset's metadata lacks. */
    static List<String> missingMetadata(Dataset dataset) {
        DatasetMetadata metadata = dataset == null ? null : dataset.metadata();
        if (metadata == null) {
            return List.of("title", "description", "publisher", "contactPoint", "license", "updateFrequency", "themes",
                    "keywords");
        }
        List<String> missing = new ArrayList<>();
        if (!metadata.title().containsKey("nl")) {
            missing.add("title");
        }
        if (!metadata.description().containsKey("nl")) {
            missing.add("description");
        }
        if (metadata.publisherId() == null) {
            missing.add("publisher");
        }
        if (metadata.contactPoint() == null) {
            missing.add("contactPoint");
        }
        if (metadata.license() == null) {
            missing.add("license");
        }
        if (metadata.updateFrequency() == null) {
            missing.add("updateFrequency");
        }
        if (metadata.themes().isEmpty()) {
            missing.add("themes");
        }
        if (metadata.keywords().isEmpty()) {
            missing.add("keywords");
        }
        return missing;
    }

    /** Every dimension that is partial or missing, with the partner who holds the data or can close the gap. */
    private static List<Gap> gaps(List<Score> scores, CellInputs in) {
        Partner holder = holder(in);
        List<Gap> gaps = new ArrayList<>();
        for (Score score : scores) {
            if (score.level() == Level.PARTIAL || score.level() == Level.MISSING) {
                gaps.add(new Gap(score.dimension(), score.reason(), holder));
            }
        }
        return gaps;
    }

    /** The publisher of the city's dataset, else of the first external one, else the city's data team. */
    private static Partner holder(CellInputs in) {
        DatasetMetadata metadata = in.dataset() == null ? null : in.dataset().metadata();
        if (metadata != null && metadata.publisherName() != null) {
            return new Partner(metadata.publisherName(), metadata.contactPoint(), "publisher");
        }
        for (CellInputs.Matched matched : in.external()) {
            if (matched.dataset().publisher() != null || matched.dataset().contact() != null) {
                return new Partner(matched.dataset().publisher() == null ? matched.source().url() : matched.dataset().publisher(),
                        matched.dataset().contact(), "publisher");
            }
        }
        return in.cityTeam();
    }

    private static Score partners(List<Gap> gaps) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("gaps", gaps.size());
        List<String> named = gaps.stream().map(gap -> gap.partner().name()).distinct().toList();
        figures.put("partners", named);
        if (gaps.isEmpty()) {
            return new Score(Dimension.PARTNERS, Level.GOOD, "noGaps", figures, List.of());
        }
        boolean reachable = gaps.stream().allMatch(gap -> gap.partner().contact() != null);
        return new Score(Dimension.PARTNERS, reachable ? Level.GOOD : Level.PARTIAL, reachable ? "named" : "noContact",
                figures, List.of());
    }

    private static List<String> refs(Source platform, List<CellInputs.Matched> external) {
        List<String> refs = new ArrayList<>();
        if (platform != null) {
            refs.add(platform.ref());
        }
        external.forEach(matched -> refs.add(matched.dataset().iri()));
        return refs;
    }

    private static boolean better(Level candidate, Level current) {
        return candidate.worse(current) == current && candidate != current;
    }

    private static String capital(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
