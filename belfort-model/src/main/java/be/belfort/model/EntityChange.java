package be.belfort.model;

/**
 * One entity as an operation found it and as it leaves it: {@code before} is null for a creation,
 * {@code after} null for a deletion. Instances the operation wrote carry the entity's new modifiedAt;
 * instances it deleted are in {@link Entity#deletions()} of {@code after}.
 */
public record EntityChange(Entity before, Entity after) {

    /** The entity as it is once the change is made, or as it was when the change deleted it. */
    public Entity current() {
        return after != null ? after : before;
    }
}
