package be.belfort.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A registration as a reader sees it: names compacted with the reader's @context, the status members the
 * platform keeps, the system times on request, and contextSourceInfo only for those allowed to see credentials.
 */
public final class RegistrationView {
    public RegistrationView() {
    }

    /** The registration with the figures of its source, as the tenant's {@link Registrations#figures} gives them. */
    public ObjectNode render(Registration registration, Map<String, Figures> figures, UnaryOperator<String> compact,
                             boolean sysAttrs, boolean credentials) {
        ObjectNode shown = registration.document().deepCopy();
        if (!credentials) {
            shown.remove(RegistrationParser.CONTEXT_SOURCE_INFO);
        }
        if (!sysAttrs) {
            shown.remove(RegistrationParser.CREATED_AT);
            shown.remove(RegistrationParser.MODIFIED_AT);
        }
        for (JsonNode info : shown.withArray(RegistrationParser.INFORMATION)) {
            for (JsonNode entity : info.path("entities")) {
                ObjectNode entityInfo = (ObjectNode) entity;
                JsonNode type = entityInfo.get("type");
                if (type.isTextual()) {
                    entityInfo.put("type", compact.apply(type.asText()));
                } else {
                    compactAll((ArrayNode) type, compact);
                }
            }
            for (String names : new String[] {"propertyNames", "relationshipNames"}) {
                if (info.has(names)) {
                    compactAll((ArrayNode) info.get(names), compact);
                }
            }
        }
        Figures status = figures.getOrDefault(registration.id(), Figures.NONE);
        if (status.timesSent() > 0) {
            shown.put("status", status.ok() ? "ok" : "failed");
            shown.put("timesSent", status.timesSent());
            shown.put("timesFailed", status.timesFailed());
            if (status.lastSuccess() != null) {
                shown.put("lastSuccess", status.lastSuccess().toString());
            }
            if (status.lastFailure() != null) {
                shown.put("lastFailure", status.lastFailure().toString());
            }
        }
        return shown;
    }

    private static void compactAll(ArrayNode names, UnaryOperator<String> compact) {
        for (int i = 0; i < names.size(); i++) {
            names.set(i, names.textNode(compact.apply(names.get(i).asText())));
        }
    }
}
