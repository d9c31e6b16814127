package be.belfort.datapedia;

import java.util.Locale;

/** The six domains of the Flemish smart city model, which every policy question belongs to one of. */
public enum SmartCityDomain {
    MOBILITY, ENVIRONMENT, LIVING, PEOPLE, GOVERNMENT, ECONOMY;

    public String term() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The domain of a term, or null when it names none. */
    public static SmartCityDomain ofTerm(String term) {
        for (SmartCityDomain domain : values()) {
            if (domain.term().equals(term)) {
                return domain;
            }
        }
        return null;
    }
}
