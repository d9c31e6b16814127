package be.belfort.server;

import be.belfort.storage.Database;
import be.belfort.storage.DatabaseBackup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/** {@code belfort backup} and {@code belfort restore}: a consistent copy of the database, taken while it serves. */
final class BackupCommands {
    private BackupCommands() {
    }

    /** Which database: the embedded one of a data directory, or an external one. */
    static final class Source {
        @Option(names = "--data-dir", defaultValue = "${env:BELFORT_DATA_DIR:-data}",
                description = "Data directory of the embedded database (env BELFORT_DATA_DIR; default ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--db-url", defaultValue = "${env:BELFORT_DB_URL}",
                description = "JDBC URL of an external PostgreSQL instead (env BELFORT_DB_URL).")
        String dbUrl;

        @Option(names = "--db-user", defaultValue = "${env:BELFORT_DB_USER}", description = "User for --db-url (env BELFORT_DB_USER).")
        String dbUser;

        @Option(names = "--db-password", defaultValue = "${env:BELFORT_DB_PASSWORD}",
                description = "Password for --db-url (env BELFORT_DB_PASSWORD).")
        String dbPassword;

        boolean external() {
            return dbUrl != null && !dbUrl.isBlank();
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = "Write a consistent copy of the database to a file, while Belfort runs (or not).")
    static final class Backup implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Source source;

        @Option(names = "--to", required = true, description = "The backup file to write (a ZIP archive).")
        Path to;

        @Override
        public Integer call() throws IOException {
            Path partial = to.resolveSibling(to.getFileName() + ".partial");
            long started = System.nanoTime();
            DatabaseBackup.Summary summary;
            try (Database database = source.external() ? Database.connect(source.dbUrl, source.dbUser, source.dbPassword)
                    : Database.attach(source.dataDir);
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
                summary = DatabaseBackup.write(database.dataSource(), out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                spec.commandLine().getErr().println("belfort: the backup failed: " + e.getMessage());
                return 1;
            }
            // Only a complete backup takes the file's name.
            Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine().getOut().printf("Backup written to %s: %,d rows in %d tables, schema version %s, %,d bytes, %d ms%n",
                    to, summary.totalRows(), summary.rows().size(), summary.schemaVersion(), Files.size(to),
                    (System.nanoTime() - started) / 1_000_000);
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Restore a backup into a new data directory (or an empty external database); then start Belfort on it.")
    static final class Restore implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Source target;

        @Option(names = "--from", required = true, description = "The backup file to restore.")
        Path from;

        @Override
        public Integer call() throws IOException {
            if (!target.external() && Files.exists(target.dataDir.resolve("postgres"))) {
                spec.commandLine().getErr().println("belfort: " + target.dataDir + " already holds a database; restore into a"
                        + " new data directory (move this one away first, or give another --data-dir)");
                return 1;
            }
            long started = System.nanoTime();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(from))) {
                DatabaseBackup.Reader backup = DatabaseBackup.read(in);
                try (Database database = target.external()
                        ? Database.external(target.dbUrl, target.dbUser, target.dbPassword, Database.Pool.of(2), backup.schemaVersion())
                        : Database.embedded(target.dataDir, Database.Pool.of(2), backup.schemaVersion())) {
                    DatabaseBackup.Summary summary = backup.restoreInto(database.dataSource());
                    spec.commandLine().getOut().printf("Restored %s: %,d rows in %d tables (schema version %s), %d ms."
                                    + " Start Belfort on it; it migrates the schema if it is newer.%n", from,
                            summary.totalRows(), summary.rows().size(), summary.schemaVersion(),
                            (System.nanoTime() - started) / 1_000_000);
                }
            } catch (IOException | RuntimeException e) {
                spec.commandLine().getErr().println("belfort: the restore failed: " + e.getMessage());
                return 1;
            }
            return 0;
        }
    }
}
