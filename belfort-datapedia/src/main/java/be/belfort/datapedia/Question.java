package be.belfort.datapedia;

import java.util.List;
import java.util.Map;

/**
 * A policy question of the region: what a city wants to know, in Dutch (and English), the domain it belongs to,
 * the cities (tenants) it concerns, and the data it needs.
 *
 * @param createdAt  ISO 8601 instant
 * @param modifiedAt ISO 8601 instant
 */
public record Question(String id, Map<String, String> title, Map<String, String> description, SmartCityDomain domain,
                       List<String> cities, List<Need> needs, String createdAt, String modifiedAt) {
    public Question {
        title = Map.copyOf(title);
        description = Map.copyOf(description);
        cities = List.copyOf(cities);
        needs = List.copyOf(needs);
    }

    /** The text in the language asked for, else the Dutch one. */
    public static String in(Map<String, String> texts, String language) {
        return texts.getOrDefault(language, texts.getOrDefault("nl", ""));
    }

    public Need need(String id) {
        return needs.stream().filter(need -> need.id().equals(id)).findFirst().orElse(null);
    }

    Question stamped(String created, String modified) {
        return new Question(id, title, description, domain, cities, needs, created, modified);
    }
}
