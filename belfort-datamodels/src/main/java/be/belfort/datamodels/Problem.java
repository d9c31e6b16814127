package be.belfort.datamodels;

/**
 * One way an entity breaks its model's schema.
 *
 * @param path    where, in the entity's keyValues form: {@code availableSpotNumber}, {@code location.coordinates[0]};
 *                empty for the entity as a whole
 * @param message what is wrong, as the validator words it
 */
public record Problem(String path, String message) {
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
