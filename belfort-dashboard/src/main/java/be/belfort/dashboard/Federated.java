package be.belfort.dashboard;

import be.belfort.model.Entity;
import be.belfort.query.DistributedReads;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The region's registered context sources as the dashboard reads them: the query module's port (the path the
 * NGSI-LD API's queries take, with the federation's timeout, warnings and back-off), how a source's entity in the
 * core @context is read into the expanded form, and how a name of the core @context is expanded.
 */
public record Federated(DistributedReads reads, Function<JsonNode, Entity> reader, UnaryOperator<String> expand) {
    /** No registered sources: every read is local. */
    public static final Federated NONE = new Federated(DistributedReads.LOCAL, body -> {
        throw new IllegalStateException("No context source is registered");
    }, UnaryOperator.identity());
}
