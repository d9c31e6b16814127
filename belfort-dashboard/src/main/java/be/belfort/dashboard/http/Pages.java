package be.belfort.dashboard.http;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

import java.util.Map;

/** The dashboard's templates, compiled to classes at build time (jte): rendering needs no compiler. */
final class Pages {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    String render(String template, Map<String, Object> parameters) {
        StringOutput out = new StringOutput();
        engine.render(template + ".jte", parameters, out);
        return out.toString();
    }
}
