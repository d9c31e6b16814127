package be.belfort.model;

/**
 * One element of a batch request: the parsed entity, or the reason it could not be parsed (which the
 * batch reports for that element alone, as the spec asks).
 */
public record BatchItem(String entityId, Entity entity, NgsiLdException parseError) {

    public static BatchItem of(Entity entity) {
        return new BatchItem(entity.id(), entity, null);
    }

    public static BatchItem failed(String entityId, NgsiLdException error) {
        return new BatchItem(entityId, null, error);
    }
}
