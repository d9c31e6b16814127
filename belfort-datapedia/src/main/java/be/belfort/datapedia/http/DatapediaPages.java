package be.belfort.datapedia.http;

import be.belfort.access.DatasetReadAccess;
import be.belfort.api.AccessControl;
import be.belfort.api.RouteGroup;
import be.belfort.dashboard.Language;
import be.belfort.dashboard.http.Look;
import be.belfort.datapedia.Diagnoses;
import be.belfort.datapedia.Diagnosis;
import be.belfort.datapedia.Question;
import be.belfort.datapedia.Questions;
import be.belfort.datapedia.SmartCityDomain;
import be.belfort.datapedia.Sources;
import be.belfort.datapedia.Visibility;
import be.belfort.security.Principal;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The datapedia's pages, in the dashboard's look: the questions by domain, and a question's matrix of needs and
 * cities with each cell's evidence and the gaps with whom to ask. Served from the kept diagnoses, as far as the
 * reader may see.
 */
public final class DatapediaPages implements RouteGroup {
    public static final String ROOT = "/datapedia";
    /** The dashboard's cookie: a language chosen on one of the platform's pages holds on the others. */
    private static final String LANGUAGE_COOKIE = "belfort-lang";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private final Questions questions;
    private final Diagnoses diagnoses;
    private final Sources sources;
    private final DatasetReadAccess readAccess;
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
            "be.belfort.datapedia.jte");
    private final byte[] stylesheet;
    private final String stylesheetPath;

    public DatapediaPages(Questions questions, Diagnoses diagnoses, Sources sources, DatasetReadAccess readAccess) {
        this.questions = questions;
        this.diagnoses = diagnoses;
        this.sources = sources;
        this.readAccess = readAccess;
        this.stylesheet = resource("be/belfort/datapedia/assets/datapedia.css");
        this.stylesheetPath = ROOT + "/assets/datapedia-" + hash(stylesheet) + ".css";
    }

    /** What every page's template needs beside its own data. */
    public record Frame(PageTexts t, String path, String dashboardStyle, String style) {
        public String switchUrl() {
            return path + "?lang=" + t.language().other().code();
        }

        public String question(String id) {
            return ROOT + "/questions/" + id;
        }

        public String home() {
            return ROOT;
        }
    }

    /** The questions of one domain, each with how many of its cells are good, partial and missing. */
    public record DomainGroup(String label, List<Summary> questions) {
    }

    public record Summary(String id, String title, String description, int needs, List<String> cities, long good,
                          long partial, long missing) {
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(ROOT, this::list);
        app.get(ROOT + "/questions/{id}", this::question);
        app.get(stylesheetPath, ctx -> {
            ctx.header("Cache-Control", "public, max-age=31536000, immutable");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.contentType("text/css; charset=utf-8").result(stylesheet);
        });
    }

    private void list(Context ctx) {
        PageTexts t = texts(ctx);
        List<DomainGroup> groups = new ArrayList<>();
        List<Question> all = questions.all();
        for (SmartCityDomain domain : SmartCityDomain.values()) {
            List<Summary> summaries = all.stream().filter(question -> question.domain() == domain)
                    .map(question -> summary(ctx, question, t)).toList();
            if (!summaries.isEmpty()) {
                groups.add(new DomainGroup(t.get("domain." + domain.term()), summaries));
            }
        }
        render(ctx, 200, "questions", t, Map.of("groups", groups, "sources", sources.all()));
    }

    private Summary summary(Context ctx, Question question, PageTexts t) {
        Optional<Diagnosis> diagnosis = diagnoses.latest(question.id())
                .map(kept -> Visibility.forReader(kept, question, scopes(ctx)));
        List<Diagnosis.Cell> cells = diagnosis.map(Diagnosis::cells).orElse(List.of());
        return new Summary(question.id(), Question.in(question.title(), t.code()),
                Question.in(question.description(), t.code()), question.needs().size(),
                question.cities().stream().map(Diagnoses::displayName).toList(),
                cells.stream().filter(cell -> cell.level().term().equals("good")).count(),
                cells.stream().filter(cell -> cell.level().term().equals("partial")).count(),
                cells.stream().filter(cell -> cell.level().term().equals("missing")).count());
    }

    private void question(Context ctx) {
        PageTexts t = texts(ctx);
        Optional<Question> question = questions.find(ctx.pathParam("id"));
        if (question.isEmpty()) {
            render(ctx, 404, "missing", t, Map.of());
            return;
        }
        Diagnosis diagnosis = diagnoses.latest(question.get().id())
                .map(kept -> Visibility.forReader(kept, question.get(), scopes(ctx))).orElse(null);
        render(ctx, 200, "question", t, Map.of("page", QuestionPage.of(question.get(), diagnosis, t)));
    }

    private java.util.function.Function<String, be.belfort.model.ReadScope> scopes(Context ctx) {
        Principal principal = AccessControl.principal(ctx);
        return city -> readAccess.scope(principal, city);
    }

    private void render(Context ctx, int status, String template, PageTexts t, Map<String, Object> parameters) {
        Map<String, Object> all = new HashMap<>(parameters);
        all.put("frame", new Frame(t, ctx.path(), Look.stylesheet(), stylesheetPath));
        StringOutput out = new StringOutput();
        engine.render(template + ".jte", all, out);
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("Content-Language", t.code());
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "private, no-cache");
        ctx.status(status).contentType(HTML).result(out.toString());
    }

    /** The reader's language; a choice made with the switch ({@code ?lang=}) is remembered as on the dashboard. */
    private static PageTexts texts(Context ctx) {
        Language explicit = Language.ofCode(ctx.queryParam("lang"));
        if (explicit != null) {
            Cookie cookie = new Cookie(LANGUAGE_COOKIE, explicit.code(), "/", 365 * 24 * 3600);
            cookie.setSameSite(SameSite.LAX);
            cookie.setHttpOnly(true);
            ctx.cookie(cookie);
            return new PageTexts(explicit);
        }
        return new PageTexts(Language.choose(ctx.cookie(LANGUAGE_COOKIE), ctx.header("Accept-Language")));
    }

    private static byte[] resource(String name) {
        try (InputStream in = DatapediaPages.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the datapedia's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
