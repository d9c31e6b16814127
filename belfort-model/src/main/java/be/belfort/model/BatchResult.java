package be.belfort.model;

import java.util.ArrayList;
import java.util.List;

/** NGSI-LD BatchOperationResult (clause 5.2.16): which entities succeeded and why others failed. */
public final class BatchResult {
    /**
     * @param registrationId the context source registration whose source failed, or null (clause 5.2.17)
     * @param notOverwritten the attributes (expanded names) that noOverwrite kept on an entity written in part;
     *                       empty for other errors
     */
    public record BatchError(String entityId, NgsiLdException error, String registrationId, List<String> notOverwritten) {
        public BatchError(String entityId, NgsiLdException error) {
            this(entityId, error, null, List.of());
        }
    }

    private final List<String> success = new ArrayList<>();
    private final List<String> created = new ArrayList<>();
    private final List<BatchError> errors = new ArrayList<>();

    public void succeeded(String entityId, boolean wasCreated) {
        success.add(entityId);
        if (wasCreated) {
            created.add(entityId);
        }
    }

    public void failed(String entityId, NgsiLdException error) {
        errors.add(new BatchError(entityId, error));
    }

    /** A registered context source failed to write this entity (distributed operations). */
    public void failedAt(String entityId, NgsiLdException error, String registrationId) {
        errors.add(new BatchError(entityId, error, registrationId, List.of()));
    }

    /**
     * An entity that was written in part, noOverwrite keeping these attributes (expanded names): it is reported
     * among the errors, not the successes.
     */
    public void partlyApplied(String entityId, List<String> notOverwritten) {
        if (success.removeIf(entityId::equals)) {
            errors.add(new BatchError(entityId, NgsiLdException.badData(notOverwrittenDetail(notOverwritten)), null,
                    List.copyOf(notOverwritten)));
        }
    }

    /** The detail of a partly applied entity's error, naming the attributes as given. */
    public static String notOverwrittenDetail(List<String> names) {
        return "Not overwritten (noOverwrite): " + String.join(", ", names);
    }

    public List<String> success() {
        return success;
    }

    /** The ids of entities this batch created (a subset of {@link #success()}). */
    public List<String> created() {
        return created;
    }

    public List<BatchError> errors() {
        return errors;
    }
}
