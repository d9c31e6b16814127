package be.belfort.datapedia;

import be.belfort.datamodels.DataModel;
import be.belfort.datamodels.DataModels;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.DatasetMetadata;
import be.belfort.opendata.Datasets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Computes the diagnoses of the questions from the platform's datasets, the aggregated figures of their entities
 * and the harvested catalogues, and keeps them: they are served as kept, never computed for a request.
 */
public final class Diagnoses {
    private static final Logger LOG = LoggerFactory.getLogger(Diagnoses.class);
    private static final Set<String> ALWAYS_THERE = Set.of("id", "type");

    private final Questions questions;
    private final DiagnosisStore store;
    private final FactsReader facts;
    private final Datasets datasets;
    private final Sources sources;
    private final DataModels models;
    private final SchemaChecks schemaChecks;
    private final UnaryOperator<String> expand;
    private final Clock clock;
    private final Diagnostician diagnostician = new Diagnostician();

    public Diagnoses(Questions questions, DiagnosisStore store, FactsReader facts, Datasets datasets, Sources sources,
                     DataModels models, SchemaChecks schemaChecks, UnaryOperator<String> expand, Clock clock) {
        this.questions = questions;
        this.store = store;
        this.facts = facts;
        this.datasets = datasets;
        this.sources = sources;
        this.models = models;
        this.schemaChecks = schemaChecks;
        this.expand = expand;
        this.clock = clock;
    }

    /** Recomputes every question (the scheduled task); one question that fails leaves the others computed. */
    public void recomputeAll() {
        for (Question question : questions.all()) {
            try {
                recompute(question);
            } catch (RuntimeException e) {
                LOG.warn("Diagnosing question {} failed: {}", question.id(), e.toString());
            }
        }
    }

    /** Computes the question's diagnosis now and keeps it as the day's. */
    public Diagnosis recompute(Question question) {
        long started = System.nanoTime();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<Dataset> all = datasets.all();
        List<ExternalSource> harvested = sources.all();
        List<Diagnosis.Cell> cells = new ArrayList<>();
        for (Need need : question.needs()) {
            DataModel model = models.of(need.typeName());
            List<String> schemaRequired = model == null ? List.of()
                    : model.required().stream().filter(name -> !ALWAYS_THERE.contains(name)).map(expand).toList();
            Map<String, String> required = new LinkedHashMap<>();
            for (int i = 0; i < need.attributes().size(); i++) {
                required.put(need.attributeNames().get(i), need.attributes().get(i));
            }
            for (String city : question.cities()) {
                Dataset dataset = all.stream().filter(d -> d.tenant().equals(city) && d.type().equals(need.type()))
                        .findFirst().orElse(null);
                Duration allowed = need.freshnessDuration() != null ? need.freshnessDuration()
                        : dataset == null || dataset.metadata() == null ? null
                        : Frequencies.allowedAge(dataset.metadata().updateFrequency());
                PlatformFacts figures = facts.facts(city, need.type(), required, schemaRequired,
                        allowed == null ? null : now.minus(allowed), need.area());
                CellInputs inputs = new CellInputs(dataset, figures, matches(need, city, all, harvested),
                        cityTeam(city, all), model, schemaChecks.check(city, need.type(), need.typeName(), figures.entities()));
                cells.add(diagnostician.diagnose(need, city, inputs, now));
            }
        }
        Diagnosis diagnosis = new Diagnosis(question.id(), now.toString(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), cells);
        store.save(diagnosis);
        return diagnosis;
    }

    public Optional<Diagnosis> latest(String question) {
        return store.latest(question);
    }

    public List<Diagnosis> history(String question, int limit) {
        return store.history(question, limit);
    }

    public void forget(String question) {
        store.deleteAll(question);
    }

    /**
     * The harvested datasets about the need's type that concern the city: from the city's own catalogue, or from a
     * regional one when their publisher or spatial coverage is one the city uses in its own datasets' metadata.
     */
    static List<CellInputs.Matched> matches(Need need, String city, List<Dataset> all, List<ExternalSource> harvested) {
        Set<String> cityIris = new HashSet<>();
        for (Dataset dataset : all) {
            if (dataset.tenant().equals(city) && dataset.metadata() != null) {
                cityIris.add(dataset.metadata().publisherId());
                cityIris.addAll(dataset.metadata().spatial());
            }
        }
        List<CellInputs.Matched> matched = new ArrayList<>();
        for (ExternalSource source : harvested) {
            if (source.city() != null && !source.city().equals(city)) {
                continue;
            }
            for (ExternalDataset dataset : source.datasets()) {
                boolean concernsCity = source.city() != null || cityIris.contains(dataset.publisherIri())
                        || dataset.spatial().stream().anyMatch(cityIris::contains);
                if (concernsCity && dataset.isAbout(need.typeName(), need.dataModel())) {
                    matched.add(new CellInputs.Matched(source, dataset));
                }
            }
        }
        return matched;
    }

    /** The city's data team: the publisher and contact point of its datasets, else the city by name. */
    static Diagnosis.Partner cityTeam(String city, List<Dataset> all) {
        for (Dataset dataset : all) {
            DatasetMetadata metadata = dataset.metadata();
            if (dataset.tenant().equals(city) && metadata != null && metadata.publisherName() != null) {
                return new Diagnosis.Partner(metadata.publisherName(), metadata.contactPoint(), "cityDataTeam");
            }
        }
        return new Diagnosis.Partner(displayName(city), null, "cityDataTeam");
    }

    /** A tenant as people write a city's name: "sint-niklaas" is Sint-Niklaas. */
    public static String displayName(String tenant) {
        StringBuilder name = new StringBuilder(tenant.length());
        boolean start = true;
        for (char c : tenant.toCharArray()) {
            name.append(start ? Character.toUpperCase(c) : c);
            start = c == '-' || c == ' ';
        }
        return name.toString();
    }
}
