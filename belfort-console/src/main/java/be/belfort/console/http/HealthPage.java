package be.belfort.console.http;

import be.belfort.api.RouteGroup;
import be.belfort.console.ConsoleTexts;
import be.belfort.console.HealthFigures;
import be.belfort.console.Session;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.util.Map;

/** The platform's health for its admins: the figures of {@code /metrics}, in words. Nobody else sees it exists. */
public final class HealthPage implements RouteGroup {
    private final Gate gate;
    private final ConsolePages pages;
    private final HealthFigures health;

    HealthPage(Gate gate, ConsolePages pages, HealthFigures health) {
        this.gate = gate;
        this.pages = pages;
        this.health = health;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(ConsoleView.ROOT + "/health", this::page);
    }

    private void page(Context ctx) {
        Session session = gate.session(ctx);
        if (session == null) {
            return;
        }
        ConsoleTexts texts = gate.texts(ctx);
        ConsoleView view = gate.view(ctx, texts, session, null);
        if (!session.admin()) {
            pages.notFound(ctx, view);
            return;
        }
        pages.html(ctx, "health", view, Map.of("database", health.databaseAnswers(), "figures", health.figures(),
                "version", health.version()));
    }
}
