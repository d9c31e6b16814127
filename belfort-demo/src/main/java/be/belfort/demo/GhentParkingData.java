package be.belfort.demo;

import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.model.util.Values;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.Rio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real occupancy of six Ghent car parks on 2017-11-08 (Smart Flanders parking data pilot), read
 * from the published RDF with RDF4J: one named graph per observation, its time in the default graph.
 */
public final class GhentParkingData {
    static final String DATEX = "http://vocab.datex.org/terms#";
    private static final IRI VACANT = Values.iri(DATEX + "parkingNumberOfVacantSpaces");
    private static final IRI CAPACITY = Values.iri(DATEX + "parkingNumberOfSpaces");
    private static final IRI LABEL = Values.iri("http://www.w3.org/2000/01/rdf-schema#label");
    private static final IRI DESCRIPTION = Values.iri("http://purl.org/dc/terms/description");
    private static final IRI GENERATED_AT = Values.iri("http://www.w3.org/ns/prov#generatedAtTime");
    private static final String RESOURCES = "/be/belfort/demo/ghent-parking-2017/";

    /** A car park: its short code (P1), label, description and number of spaces. */
    public record Site(String code, String label, String description, int capacity) {
    }

    /** The vacant spaces per car park code at one moment. */
    public record Observation(OffsetDateTime time, Map<String, Integer> vacant) {
    }

    private final List<Site> sites;
    private final List<Observation> observations;

    private GhentParkingData(List<Site> sites, List<Observation> observations) {
        this.sites = sites;
        this.observations = observations;
    }

    public static GhentParkingData load() {
        Model statics = parse("rawdata_static.trig");
        Model data = parse("parking_data.trig");
        List<Site> sites = new ArrayList<>();
        for (Resource site : statics.filter(null, CAPACITY, null).subjects()) {
            sites.add(new Site(code(site), literal(statics, site, LABEL), literal(statics, site, DESCRIPTION),
                    Integer.parseInt(literal(statics, site, CAPACITY))));
        }
        sites.sort(Comparator.comparingInt(site -> Integer.parseInt(site.code().substring(1))));
        Map<Resource, Map<String, Integer>> byGraph = new HashMap<>();
        for (Statement statement : data.filter(null, VACANT, null)) {
            byGraph.computeIfAbsent(statement.getContext(), graph -> new TreeMap<>())
                    .put(code(statement.getSubject()), Integer.parseInt(statement.getObject().stringValue()));
        }
        List<Observation> observations = new ArrayList<>();
        byGraph.forEach((graph, vacant) -> observations.add(new Observation(
                OffsetDateTime.parse(literal(data, graph, GENERATED_AT)), vacant)));
        observations.sort(Comparator.comparing(Observation::time));
        return new GhentParkingData(List.copyOf(sites), List.copyOf(observations));
    }

    public List<Site> sites() {
        return sites;
    }

    public List<Observation> observations() {
        return observations;
    }

    /** Mean occupancy (0..1) over all car parks and observations, per hour of the day of the recording. */
    public Map<Integer, Double> meanOccupancyByHour() {
        Map<Integer, double[]> sums = new TreeMap<>();
        Map<String, Integer> capacity = new LinkedHashMap<>();
        sites.forEach(site -> capacity.put(site.code(), site.capacity()));
        for (Observation observation : observations) {
            double[] sum = sums.computeIfAbsent(observation.time().getHour(), hour -> new double[2]);
            observation.vacant().forEach((code, vacant) -> {
                sum[0] += 1.0 - (double) vacant / capacity.get(code);
                sum[1]++;
            });
        }
        Map<Integer, Double> means = new TreeMap<>();
        sums.forEach((hour, sum) -> means.put(hour, sum[0] / sum[1]));
        return means;
    }

    private static String code(Resource site) {
        String iri = site.stringValue();
        return iri.substring(iri.lastIndexOf('/') + 1);
    }

    private static String literal(Model model, Resource subject, IRI predicate) {
        return model.filter(subject, predicate, null).objects().iterator().next().stringValue();
    }

    private static Model parse(String name) {
        try (InputStream in = GhentParkingData.class.getResourceAsStream(RESOURCES + name)) {
            // The files use relative IRIs (#Metadata); they were published under this base.
            return Rio.parse(in, "https://linked.open.gent/parking", RDFFormat.TRIG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }
}
