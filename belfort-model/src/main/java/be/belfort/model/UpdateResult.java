package be.belfort.model;

import java.util.ArrayList;
import java.util.List;

/** The outcome of an attribute append or update (NGSI-LD UpdateResult, clause 5.2.18). */
public final class UpdateResult {
    /** An attribute that was left as it was, and why. */
    public record NotUpdated(String attributeName, String reason) {
    }

    private final List<String> updated = new ArrayList<>();
    private final List<NotUpdated> notUpdated = new ArrayList<>();

    public void updated(String attributeName) {
        if (!updated.contains(attributeName)) {
            updated.add(attributeName);
        }
    }

    public void notUpdated(String attributeName, String reason) {
        notUpdated.add(new NotUpdated(attributeName, reason));
    }

    public List<String> updated() {
        return updated;
    }

    public List<NotUpdated> notUpdated() {
        return notUpdated;
    }

    public boolean changedAnything() {
        return !updated.isEmpty();
    }

    public boolean isComplete() {
        return notUpdated.isEmpty();
    }
}
