package be.belfort.demo;

import java.util.Map;
import java.util.TreeMap;

/** What the feeder has written so far: entities per tenant and type, rounds, and the last error. */
public record DemoStatus(Map<String, Map<String, Integer>> entitiesByTenantAndType, long rounds, long failedRequests,
                         String lastError) {

    public int entityCount(String tenant) {
        return entitiesByTenantAndType.getOrDefault(tenant, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One line per tenant, for the console. */
    public String describe() {
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(entitiesByTenantAndType).forEach((tenant, types) ->
                lines.append(String.format("  %-13s %s%n", tenant, types)));
        return lines.toString();
    }
}
