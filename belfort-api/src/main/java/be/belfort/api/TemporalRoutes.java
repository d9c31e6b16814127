package be.belfort.api;

import be.belfort.jsonld.LdContext;
import be.belfort.model.Entity;
import be.belfort.model.EntityService;
import be.belfort.temporal.HistoryStore;
import be.belfort.temporal.RecordedInstance;
import be.belfort.temporal.TemporalQuery;
import be.belfort.temporal.TemporalRenderer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;
import java.util.Set;

/** The temporal representation of one entity (clause 6.19): its attributes' history. */
public final class TemporalRoutes {
    private final EntityService entities;
    private final HistoryStore history;
    private final RequestReader in;
    private final ResponseWriter out;
    private final int maxInstances;
    private final TemporalRenderer renderer = new TemporalRenderer();

    public TemporalRoutes(EntityService entities, HistoryStore history, RequestReader in, ResponseWriter out,
                          int maxInstances) {
        this.entities = entities;
        this.history = history;
        this.in = in;
        this.out = out;
        this.maxInstances = maxInstances;
    }

    public void register(Javalin app, String base) {
        app.get(base + "/temporal/entities/{entityId}", this::retrieve);
    }

    private void retrieve(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        String tenant = in.tenant(ctx);
        String id = EntityRoutes.entityId(ctx);
        LdContext context = in.context(ctx);
        TemporalQuery query = TemporalQuery.of(ctx.queryParam("timerel"), ctx.queryParam("timeAt"),
                ctx.queryParam("endTimeAt"), ctx.queryParam("timeproperty"), ctx.queryParam("lastN"));
        List<String> options = RepresentationParams.commaList(ctx.queryParam("options"));
        String attrs = ctx.queryParam("attrs");
        Set<String> attributes = attrs == null ? null : RepresentationParams.attributeNames(attrs, context);
        Entity current = entities.retrieve(tenant, id);
        List<RecordedInstance> instances = history.instances(tenant, id, attributes, query, maxInstances);
        boolean temporalValues = options.contains("temporalValues") || "temporalValues".equals(ctx.queryParam("format"));
        ObjectNode body = temporalValues
                ? renderer.temporalValues(current, instances, context, query.timeProperty(), jsonLd)
                : renderer.normalized(current, instances, context, options.contains("sysAttrs"), jsonLd);
        out.write(ctx, 200, body, context, jsonLd);
    }
}
