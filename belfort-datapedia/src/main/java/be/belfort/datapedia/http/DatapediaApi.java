package be.belfort.datapedia.http;

import be.belfort.access.DatasetReadAccess;
import be.belfort.api.AccessControl;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.datapedia.Diagnoses;
import be.belfort.datapedia.Diagnosis;
import be.belfort.datapedia.ExternalSource;
import be.belfort.datapedia.Question;
import be.belfort.datapedia.QuestionParser;
import be.belfort.datapedia.Questions;
import be.belfort.datapedia.Sources;
import be.belfort.datapedia.Visibility;
import be.belfort.model.NgsiLdException;
import be.belfort.security.AccessPolicy;
import be.belfort.security.Principal;
import be.belfort.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.util.List;
import java.util.Set;

/**
 * The datapedia's JSON API: questions (anyone reads them; writing one needs the tenant-admin role in every city it
 * concerns), their diagnoses as kept (each as far as the reader may see), and the external catalogues (registering
 * one needs the tenant-admin role in its city, or the admin role for a catalogue of the whole region).
 */
public final class DatapediaApi implements RouteGroup {
    public static final String PATH = "/datapedia/api";
    private static final Set<String> JSON_TYPES = Set.of("application/json");
    private static final int MAX_HISTORY = 400;

    private final Questions questions;
    private final Diagnoses diagnoses;
    private final Sources sources;
    private final AccessPolicy policy;
    private final DatasetReadAccess readAccess;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;

    public DatapediaApi(Questions questions, Diagnoses diagnoses, Sources sources, AccessPolicy policy,
                        DatasetReadAccess readAccess, RequestReader in, ResponseWriter out, ObjectMapper json) {
        this.questions = questions;
        this.diagnoses = diagnoses;
        this.sources = sources;
        this.policy = policy;
        this.readAccess = readAccess;
        this.in = in;
        this.out = out;
        this.json = json;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(PATH + "/questions", this::list);
        app.get(PATH + "/questions/{id}", this::one);
        app.put(PATH + "/questions/{id}", this::put);
        app.delete(PATH + "/questions/{id}", this::delete);
        app.get(PATH + "/questions/{id}/diagnosis", this::diagnosis);
        app.post(PATH + "/questions/{id}/diagnosis", this::recompute);
        app.get(PATH + "/questions/{id}/diagnosis/history", this::history);
        app.get(PATH + "/sources", this::sources);
        app.post(PATH + "/sources", this::addSource);
        app.get(PATH + "/sources/{id}", this::source);
        app.delete(PATH + "/sources/{id}", this::deleteSource);
        app.post(PATH + "/sources/{id}/harvest", this::harvest);
    }

    private void list(Context ctx) {
        ArrayNode all = json.createArrayNode();
        questions.all().forEach(question -> all.add(QuestionParser.toJson(question)));
        out.writePlain(ctx, 200, all);
    }

    private void one(Context ctx) {
        out.writePlain(ctx, 200, QuestionParser.toJson(questions.get(ctx.pathParam("id"))));
    }

    private void put(Context ctx) {
        String id = ctx.pathParam("id");
        Principal principal = AccessControl.principal(ctx);
        if (principal.isAnonymous()) {
            // nothing about the region's cities is told to a client that may write no question anyway
            policy.require(principal, Role.TENANT_ADMIN, null);
        }
        Question question = questions.read(id, in.json(ctx, JSON_TYPES));
        requireWrite(principal, question);
        questions.find(id).ifPresent(existing -> requireWrite(principal, existing));
        Questions.Saved saved = questions.save(question);
        diagnoses.recompute(saved.question());
        if (saved.created()) {
            ctx.header("Location", PATH + "/questions/" + id);
        }
        out.writePlain(ctx, saved.created() ? 201 : 200, QuestionParser.toJson(saved.question()));
    }

    private void delete(Context ctx) {
        Question question = questions.get(ctx.pathParam("id"));
        requireWrite(AccessControl.principal(ctx), question);
        questions.delete(question.id());
        diagnoses.forget(question.id());
        ctx.status(204);
    }

    private void diagnosis(Context ctx) {
        Question question = questions.get(ctx.pathParam("id"));
        Diagnosis diagnosis = diagnoses.latest(question.id()).orElseThrow(() ->
                NgsiLdException.notFound("The question has not been diagnosed yet; it is within minutes"));
        out.writePlain(ctx, 200, json.valueToTree(Visibility.forReader(diagnosis, question, scopes(ctx))));
    }

    private void recompute(Context ctx) {
        Question question = questions.get(ctx.pathParam("id"));
        requireWrite(AccessControl.principal(ctx), question);
        Diagnosis diagnosis = diagnoses.recompute(question);
        out.writePlain(ctx, 200, json.valueToTree(Visibility.forReader(diagnosis, question, scopes(ctx))));
    }

    /** The question's progress: per kept diagnosis, how many cells are good, partial and missing. */
    private void history(Context ctx) {
        Question question = questions.get(ctx.pathParam("id"));
        ArrayNode answer = json.createArrayNode();
        for (Diagnosis diagnosis : diagnoses.history(question.id(), MAX_HISTORY)) {
            Diagnosis visible = Visibility.forReader(diagnosis, question, scopes(ctx));
            ObjectNode day = answer.addObject().put("computedAt", visible.computedAt());
            ObjectNode counts = day.putObject("cells");
            visible.cells().forEach(cell -> counts.put(cell.level().term(), counts.path(cell.level().term()).asInt() + 1));
        }
        out.writePlain(ctx, 200, answer);
    }

    private void sources(Context ctx) {
        ArrayNode all = json.createArrayNode();
        sources.all().forEach(source -> all.add(sourceJson(source)));
        out.writePlain(ctx, 200, all);
    }

    private void source(Context ctx) {
        out.writePlain(ctx, 200, sourceJson(sources.get(ctx.pathParam("id"))));
    }

    private void addSource(Context ctx) throws InterruptedException {
        JsonNode body = in.json(ctx, JSON_TYPES);
        if (!body.isObject()) {
            throw NgsiLdException.badData("A source is a JSON object with url (and city)");
        }
        String city = body.path("city").isTextual() ? body.path("city").asText() : null;
        requireSourceWrite(AccessControl.principal(ctx), city);
        ExternalSource source = sources.add(body.path("url").isTextual() ? body.path("url").asText() : null, city);
        diagnoses.recomputeAll();
        ctx.header("Location", PATH + "/sources/" + source.id());
        out.writePlain(ctx, 201, sourceJson(source));
    }

    private void deleteSource(Context ctx) {
        ExternalSource source = sources.get(ctx.pathParam("id"));
        requireSourceWrite(AccessControl.principal(ctx), source.city());
        sources.delete(source.id());
        diagnoses.recomputeAll();
        ctx.status(204);
    }

    private void harvest(Context ctx) throws InterruptedException {
        ExternalSource source = sources.get(ctx.pathParam("id"));
        requireSourceWrite(AccessControl.principal(ctx), source.city());
        ExternalSource harvested = sources.harvest(source);
        diagnoses.recomputeAll();
        out.writePlain(ctx, 200, sourceJson(harvested));
    }

    private ObjectNode sourceJson(ExternalSource source) {
        return json.valueToTree(source);
    }

    /** Writing a question needs the tenant-admin role in every city it concerns (an admin holds it everywhere). */
    private void requireWrite(Principal principal, Question question) {
        for (String city : question.cities()) {
            policy.require(principal, Role.TENANT_ADMIN, city);
        }
    }

    private void requireSourceWrite(Principal principal, String city) {
        policy.require(principal, city == null ? Role.ADMIN : Role.TENANT_ADMIN, city);
    }

    private java.util.function.Function<String, be.belfort.model.ReadScope> scopes(Context ctx) {
        Principal principal = AccessControl.principal(ctx);
        return city -> readAccess.scope(principal, city);
    }

}
