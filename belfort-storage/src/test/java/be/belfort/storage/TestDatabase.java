package be.belfort.storage;

import be.belfort.jsonld.ContextLimits;
import be.belfort.jsonld.ContextLoader;
import be.belfort.jsonld.ContextResolver;
import be.belfort.jsonld.EntityReader;
import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.RemoteContexts;
import be.belfort.model.Entity;
import be.belfort.model.EntityService;
import be.belfort.storage.contexts.PostgresContextStore;
import be.belfort.storage.entities.PostgresEntityStore;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real embedded PostgreSQL with every migration, for one test class: entities are written as a client
 * writes them (NGSI-LD JSON read under the core @context, created through {@link EntityService}).
 */
public final class TestDatabase implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final PostgresTenants tenants;
    private final EntityService service;
    private final Path directory;
    private final LdContext core;
    private final EntityReader reader = new EntityReader();

    public TestDatabase(String name) {
        this(name, Clock.systemUTC());
    }

    /** @param clock the time writes are stamped with */
    public TestDatabase(String name, Clock clock) {
        try {
            // Under the module's target folder (mvn clean removes what a killed run leaves), removed on close.
            Path testData = Files.createDirectories(Path.of("target", "test-data").toAbsolutePath());
            directory = Files.createTempDirectory(testData, "belfort-" + name);
            database = Database.embedded(directory, Database.Pool.of(4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tenants = new PostgresTenants(database.dataSource());
        PostgresEntityStore store = new PostgresEntityStore(database.dataSource(), tenants, JSON);
        store.prepareHistory(clock.instant());
        service = new EntityService(store, clock);
        core = new ContextResolver(new ContextLoader(new PostgresContextStore(database.dataSource()),
                "/ngsi-ld/v1/jsonldContexts/", new RemoteContexts(Duration.ofSeconds(1), 10_000)), ContextLimits.DEFAULT).core();
    }

    public Database database() {
        return database;
    }

    public PostgresTenants tenants() {
        return tenants;
    }

    public EntityService service() {
        return service;
    }

    public LdContext core() {
        return core;
    }

    /** Reads an NGSI-LD entity (normalized or concise, under the core @context) and creates it in the tenant. */
    public Entity create(String tenant, String ngsiLd) {
        Entity entity = read(ngsiLd);
        service.create(tenant, entity);
        return entity;
    }

    public Entity read(String ngsiLd) {
        try {
            return reader.readEntity(JSON.readTree(ngsiLd), core, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        database.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
