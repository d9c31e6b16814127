package be.belfort.subscriptions;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** What may trigger a notification (clause 5.2.12, notificationTrigger). */
public enum Trigger {
    ENTITY_CREATED("entityCreated"),
    ENTITY_UPDATED("entityUpdated"),
    ENTITY_DELETED("entityDeleted"),
    ATTRIBUTE_CREATED("attributeCreated"),
    ATTRIBUTE_UPDATED("attributeUpdated"),
    ATTRIBUTE_DELETED("attributeDeleted");

    /** What applies when a subscription names no trigger. */
    public static final Set<Trigger> DEFAULT = EnumSet.of(ATTRIBUTE_CREATED, ATTRIBUTE_UPDATED);

    private final String term;

    Trigger(String term) {
        this.term = term;
    }

    public String term() {
        return term;
    }

    public static Trigger of(String term) {
        return Arrays.stream(values()).filter(trigger -> trigger.term.equals(term)).findFirst().orElse(null);
    }
}
