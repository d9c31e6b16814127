package be.belfort.dashboard;

import be.belfort.model.Entity;
import be.belfort.model.ReadScope;
import be.belfort.temporal.AggregateMethod;
import be.belfort.temporal.AggregatedPeriod;
import be.belfort.temporal.Aggregation;
import be.belfort.temporal.HistoryAnswer;
import be.belfort.temporal.HistoryRequest;
import be.belfort.temporal.RecordedInstance;
import be.belfort.temporal.TemporalQuery;
import be.belfort.temporal.TemporalReads;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The history of one numeric attribute of an entity the viewer may read, over a range up to now: aggregated
 * in the database (minimum, average, maximum per period) for the chart, and the recorded values for download.
 * Read through the temporal reads with the viewer's scope, as the temporal API reads for the same principal; the
 * history of an entity a city's own broker holds is read there, through the API's distributed temporal retrieval.
 */
public final class History {
    /** The most recorded values one download carries. */
    public static final int MAX_DOWNLOAD = 10_000;
    /**
     * How long the figures of whole past periods are kept: history written into the past (a backfill) shows in a
     * chart within this time; what is recorded now falls in the period under way, which is read at every request.
     */
    public static final java.time.Duration PAST_KEPT = java.time.Duration.ofMinutes(1);
    private static final int PAST_SERIES_KEPT = 1_000;

    private final Entities entities;
    private final TemporalReads reads;
    private final UnaryOperator<String> compact;
    private final Clock clock;
    private final Cache<Past, List<Point>> past = Caffeine.newBuilder().maximumSize(PAST_SERIES_KEPT)
            .expireAfterWrite(PAST_KEPT).build();

    public History(Entities entities, TemporalReads reads, UnaryOperator<String> compact, Clock clock) {
        this.entities = entities;
        this.reads = reads;
        this.compact = compact;
        this.clock = clock;
    }

    /** One period of the chart; a method without numeric values in the period is null. */
    public record Point(Instant start, Double min, Double avg, Double max) {
    }

    /** One recorded value. */
    public record Recorded(Instant observedAt, String value) {
    }

    /**
     * The attribute to chart: the entity (as the viewer may see it) and the attribute's IRI.
     *
     * @param atSources whether the entity is held by its city's own broker, whose history is read there
     */
    public record Series(String tenant, Entity entity, String attribute, ReadScope scope, boolean atSources) {
    }

    /** The series of an attribute the viewer may read, or null when the entity or attribute is not there for it. */
    public Series series(String tenant, String entityId, String attributeName, ReadScope scope) {
        Entity entity = entities.one(tenant, entityId, scope);
        if (entity == null) {
            return null;
        }
        String attribute = Attributes.find(entity, compact, attributeName);
        return attribute == null ? null : new Series(tenant, entity, attribute, scope,
                entities.isFederated(tenant) && !entities.keptHere(tenant, entityId));
    }

    /** The window of a range up to now. */
    public ChartWindow last(HistoryRange range) {
        return ChartWindow.last(range, clock.instant());
    }

    /**
     * The chart's points: the whole periods already over come from what was aggregated before (kept
     * {@link #PAST_KEPT}, per entity, attribute, reader's scope and window), and only the period under way is
     * aggregated again at each request. Both ask the temporal store for the chart's periods, never for the
     * recorded values.
     */
    public List<Point> chart(Series series, ChartWindow window) {
        Instant split = window.wholePeriodsUntil(clock.instant());
        List<Point> points = new ArrayList<>();
        if (split.isAfter(window.from())) {
            points.addAll(past.get(new Past(series.tenant(), series.entity().id(), series.attribute(), series.scope(),
                    window.from(), split, window.period()), key -> aggregated(series, window.from(), split, window.period())));
        }
        if (window.to().isAfter(split)) {
            points.addAll(aggregated(series, split, window.to(), window.period()));
        }
        return points;
    }

    /** Whole past periods of one series, as a reader's scope sees them. */
    private record Past(String tenant, String entity, String attribute, ReadScope scope, Instant from, Instant until,
                        java.time.Duration period) {
    }

    private List<Point> aggregated(Series series, Instant from, Instant to, java.time.Duration period) {
        if (series.atSources()) {
            return aggregatedAtSources(series, from, to, period);
        }
        Set<AggregateMethod> methods = new LinkedHashSet<>(List.of(AggregateMethod.MIN, AggregateMethod.AVG, AggregateMethod.MAX));
        HistoryAnswer answer = read(series, new HistoryRequest(between(from, to), Set.of(series.attribute()),
                new Aggregation(methods, 0, period)));
        List<Point> points = new ArrayList<>();
        for (AggregatedPeriod aggregated : answer.entities().stream().flatMap(entity -> entity.periods().stream()).toList()) {
            Double avg = aggregated.values().get(AggregateMethod.AVG);
            if (avg != null) {
                points.add(new Point(aggregated.start(), aggregated.values().get(AggregateMethod.MIN), avg,
                        aggregated.values().get(AggregateMethod.MAX)));
            }
        }
        return List.copyOf(points);
    }

    /**
     * The periods of an entity its city's own broker holds, as the broker aggregates them (the API's distributed
     * temporal retrieval, with the same periods from the window's start); none when the broker does not answer.
     */
    private List<Point> aggregatedAtSources(Series series, Instant from, Instant to, java.time.Duration period) {
        Map<String, List<String>> parameters = between(series, from, to);
        parameters.put("options", List.of("aggregatedValues"));
        parameters.put("aggrMethods", List.of("min,avg,max"));
        parameters.put("aggrPeriodDuration", List.of(period.toString()));
        JsonNode attribute = atSources(series, parameters);
        attribute = attribute.isArray() ? attribute.path(0) : attribute;
        Map<Instant, Double[]> byStart = new TreeMap<>();
        List<String> methods = List.of("min", "avg", "max");
        for (int method = 0; method < methods.size(); method++) {
            for (JsonNode aggregated : attribute.path(methods.get(method))) {
                Instant start = instant(aggregated.path(1).asText(null));
                if (start != null && aggregated.path(0).isNumber()) {
                    byStart.computeIfAbsent(start, key -> new Double[3])[method] = aggregated.path(0).doubleValue();
                }
            }
        }
        List<Point> points = new ArrayList<>();
        byStart.forEach((start, values) -> {
            if (values[1] != null) {
                points.add(new Point(start, values[0], values[1], values[2]));
            }
        });
        return List.copyOf(points);
    }

    /** The recorded values of an entity its city's own broker holds, oldest first, at most {@link #MAX_DOWNLOAD}. */
    private List<Recorded> recordedAtSources(Series series, ChartWindow window) {
        JsonNode attribute = atSources(series, between(series, window.from(), window.to()));
        List<Recorded> values = new ArrayList<>();
        for (JsonNode one : attribute.isArray() ? attribute : List.of(attribute)) {
            JsonNode value = one.get("value");
            Instant observed = instant(one.path("observedAt").asText(null));
            if (value != null && observed != null) {
                values.add(new Recorded(observed, value.isValueNode() ? value.asText() : value.toString()));
            }
        }
        values.sort(java.util.Comparator.comparing(Recorded::observedAt));
        return values.size() > MAX_DOWNLOAD ? List.copyOf(values.subList(0, MAX_DOWNLOAD)) : values;
    }

    /** The series' attribute in the broker's temporal answer (named by its IRI or its core term), or a missing node. */
    private JsonNode atSources(Series series, Map<String, List<String>> parameters) {
        JsonNode entity = entities.historyAtSources(series.tenant(), series.entity().id(), parameters, series.scope());
        if (entity == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        return entity.has(series.attribute()) ? entity.get(series.attribute())
                : entity.path(compact.apply(series.attribute()));
    }

    private static Map<String, List<String>> between(Series series, Instant from, Instant to) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("attrs", List.of(series.attribute()));
        parameters.put("timerel", List.of("between"));
        parameters.put("timeAt", List.of(from.toString()));
        parameters.put("endTimeAt", List.of(to.toString()));
        return parameters;
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException notATime) {
            return null;
        }
    }

    /** The recorded values over the window, oldest first, at most {@link #MAX_DOWNLOAD}. */
    public List<Recorded> recorded(Series series, ChartWindow window) {
        if (series.atSources()) {
            return recordedAtSources(series, window);
        }
        List<Recorded> values = new ArrayList<>();
        HistoryAnswer answer = read(series, new HistoryRequest(between(window.from(), window.to()),
                Set.of(series.attribute()), null));
        for (RecordedInstance instance : answer.entities().stream().flatMap(entity -> entity.instances().stream())
                .limit(MAX_DOWNLOAD).toList()) {
            JsonNode value = instance.instance().get("value");
            String observed = instance.instance().path("observedAt").asText(null);
            if (value != null && observed != null) {
                values.add(new Recorded(Instant.parse(observed), value.isValueNode() ? value.asText() : value.toString()));
            }
        }
        return values;
    }

    private HistoryAnswer read(Series series, HistoryRequest request) {
        return reads.retrieve(series.tenant(), series.entity().id(), request, series.scope());
    }

    private static TemporalQuery between(Instant from, Instant to) {
        return new TemporalQuery(TemporalQuery.TimeRelation.BETWEEN, from, to, TemporalQuery.TimeProperty.OBSERVED_AT, null);
    }
}
