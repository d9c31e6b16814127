package be.belfort.storage;

import java.nio.file.Path;

/** Another running Belfort holds the data directory: two servers on one database's files would destroy it. */
public final class DataDirectoryInUseException extends DatabaseStartException {
    public DataDirectoryInUseException(Path directory, String owner) {
        super("The data directory " + directory.toAbsolutePath() + " is in use by a running Belfort ("
                + owner + "); stop that one first, or give this one another data directory.");
    }
}
