package be.belfort.console.http;

import be.belfort.api.RouteGroup;
import be.belfort.console.ConsoleTexts;
import be.belfort.console.Session;
import be.belfort.security.AuditEntry;
import be.belfort.security.AuditLog;
import be.belfort.security.AuditSearch;
import be.belfort.security.AuditTrail;
import be.belfort.security.Role;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * A city's audit log for its tenant admins: who did what when, filtered by person or key, entity, operation and
 * outcome, a page at a time, newest first; the same selection as CSV (up to {@value AuditSearch#MAX_LIMIT}
 * entries). Read through the same {@code AuditTrail} as {@code GET /admin/audit/{tenant}}.
 */
public final class AuditPages implements RouteGroup {
    static final int PAGE_SIZE = 50;

    private final Gate gate;
    private final ConsolePages pages;
    private final AuditTrail trail;

    AuditPages(Gate gate, ConsolePages pages, AuditTrail trail) {
        this.gate = gate;
        this.pages = pages;
        this.trail = trail;
    }

    /** The filters as given, kept in the form and in the links to other pages. */
    public record Filter(String principal, String entity, String operation, String outcome) {
        static Filter of(Context ctx) {
            return new Filter(text(ctx, "principal"), text(ctx, "entity"), text(ctx, "operation"), text(ctx, "outcome"));
        }

        AuditSearch search(String tenant, int offset, int limit) {
            Boolean succeeded = switch (outcome) {
                case "success" -> Boolean.TRUE;
                case "failure" -> Boolean.FALSE;
                default -> null;
            };
            return new AuditSearch(tenant, blankToNull(principal), blankToNull(entity), blankToNull(operation),
                    succeeded, offset, limit);
        }

        /** The filters as a query string, for the links to other pages and to the CSV. */
        public String query() {
            return "principal=" + ConsoleView.query(principal) + "&entity=" + ConsoleView.query(entity) + "&operation="
                    + ConsoleView.query(operation) + "&outcome=" + ConsoleView.query(outcome);
        }

        private static String text(Context ctx, String name) {
            String value = ctx.queryParam(name);
            return value == null ? "" : value.trim();
        }

        private static String blankToNull(String text) {
            return text.isEmpty() ? null : text;
        }
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(ConsoleView.ROOT + "/cities/{city}/audit", this::page);
        app.get(ConsoleView.ROOT + "/cities/{city}/audit.csv", this::csv);
    }

    private void page(Context ctx) {
        Session session = gate.session(ctx);
        String tenant = session == null ? null : gate.city(ctx, session, Role.TENANT_ADMIN);
        if (tenant == null) {
            return;
        }
        Filter filter = Filter.of(ctx);
        int page = Math.max(1, Math.min(100_000, parse(ctx.queryParam("page"))));
        AuditLog.Page found = trail.search(filter.search(tenant, (page - 1) * PAGE_SIZE, PAGE_SIZE));
        ConsoleTexts texts = gate.texts(ctx);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("filter", filter);
        parameters.put("entries", found.entries());
        parameters.put("total", found.total());
        parameters.put("page", page);
        parameters.put("pages", Math.max(1, (found.total() + PAGE_SIZE - 1) / PAGE_SIZE));
        pages.html(ctx, "audit", gate.view(ctx, texts, session, ctx.pathParam("city")), parameters);
    }

    private void csv(Context ctx) throws IOException {
        Session session = gate.session(ctx);
        String tenant = session == null ? null : gate.city(ctx, session, Role.TENANT_ADMIN);
        if (tenant == null) {
            return;
        }
        AuditLog.Page found = trail.search(Filter.of(ctx).search(tenant, 0, AuditSearch.MAX_LIMIT));
        StringWriter csv = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(csv, CSVFormat.RFC4180.builder()
                .setHeader("at", "principal", "role", "operation", "entityId", "attributes", "status").get())) {
            for (AuditEntry entry : found.entries()) {
                printer.printRecord(entry.at(), neutral(entry.principal()), entry.role(), neutral(entry.operation()),
                        neutral(entry.entityId()), neutral(String.join(" ", entry.attributes())), entry.status());
            }
        }
        ctx.header("Content-Disposition", "attachment; filename=\"audit-" + ctx.pathParam("city")
                .replaceAll("[^A-Za-z0-9._-]", "_") + ".csv\"");
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType("text/csv; charset=utf-8").result(csv.toString());
    }

    /**
     * A text a client chose, made harmless for a spreadsheet: one starting with =, +, - or @ would be read as a
     * formula, so it gets a leading apostrophe.
     */
    static String neutral(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text : text;
    }

    private static int parse(String number) {
        try {
            return number == null ? 1 : Integer.parseInt(number);
        } catch (NumberFormatException notANumber) {
            return 1;
        }
    }
}
