package be.belfort.dashboard;

import be.belfort.model.ChangeListener;
import be.belfort.model.Entity;
import be.belfort.model.EntityChange;
import be.belfort.model.EntityTransaction;
import be.belfort.model.ReadScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.UnaryOperator;

/**
 * Committed entity changes, passed on to the viewers of each city's live map. A write only pays for this when
 * someone watches its tenant, and then only a hand-over to one background thread after its commit. There the
 * viewers of a city are taken by audience (what they may read, in which language): each change is filtered,
 * trimmed and rendered once per audience, and the one rendered event is handed to every viewer of it. Each
 * viewer has a bounded queue of its own, so a slow viewer is let go rather than slowing a write or another
 * viewer.
 */
public final class LiveChanges implements ChangeListener, AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LiveChanges.class);
    private final CityMap map;
    private final UnaryOperator<String> compact;
    private final Renderer renderer;
    /** Per tenant, per audience, its viewers. */
    private final Map<String, Map<Audience, Set<Viewer>>> viewers = new ConcurrentHashMap<>();
    /** The texts per language, used by the one publishing thread only. */
    private final Map<Language, Texts> texts = new java.util.EnumMap<>(Language.class);
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("belfort-dashboard-live").factory());

    public LiveChanges(CityMap map, UnaryOperator<String> compact, Renderer renderer) {
        this.map = map;
        this.compact = compact;
        this.renderer = renderer;
    }

    /** One entity as it is now, for a viewer's map and table. */
    public record Change(String layer, CityMap.Row row) {
    }

    /** Viewers who see the same: the same read scope, the same language. */
    public record Audience(ReadScope scope, Language language) {
    }

    /** Turns a change into the event every viewer of one tenant and audience receives, as it goes on the wire. */
    @FunctionalInterface
    public interface Renderer {
        byte[] render(String tenant, Change change);
    }

    /** Someone watching a city: whom it sees as, and where its changes go. */
    public interface Viewer {
        Audience audience();

        /**
         * Hands over a rendered change without waiting; false when the viewer's queue is full, and the viewer then
         * lets itself go (a viewer that lost changes would show a wrong map).
         */
        boolean offer(byte[] event);
    }

    public void watch(String tenant, Viewer viewer) {
        viewers.compute(tenant, (t, audiences) -> {
            Map<Audience, Set<Viewer>> all = audiences == null ? new ConcurrentHashMap<>() : audiences;
            all.computeIfAbsent(viewer.audience(), a -> ConcurrentHashMap.newKeySet()).add(viewer);
            return all;
        });
    }

    public void stopWatching(String tenant, Viewer viewer) {
        viewers.computeIfPresent(tenant, (t, audiences) -> {
            audiences.computeIfPresent(viewer.audience(), (a, watching) -> {
                watching.remove(viewer);
                return watching.isEmpty() ? null : watching;
            });
            return audiences.isEmpty() ? null : audiences;
        });
    }

    /** How many viewers watch now, over all cities. */
    public int viewers() {
        return viewers.values().stream().flatMap(audiences -> audiences.values().stream()).mapToInt(Set::size).sum();
    }

    @Override
    public boolean watches(String tenant) {
        return viewers.containsKey(tenant);
    }

    @Override
    public Runnable changed(String tenant, EntityTransaction tx, List<EntityChange> changes) {
        if (!watches(tenant)) {
            return null;
        }
        List<Entity> current = new ArrayList<>(changes.size());
        for (EntityChange change : changes) {
            if (change.after() != null && !change.after().types().isEmpty()) {
                current.add(change.after());
            }
        }
        return current.isEmpty() ? null : () -> {
            try {
                publisher.execute(() -> {
                    try {
                        publish(tenant, current);
                    } catch (RuntimeException e) {
                        // One change that cannot be shown must not stop the changes after it.
                        LOG.warn("A change in tenant '{}' could not be passed to its live viewers", tenant, e);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                // The platform is stopping: nobody is left to tell.
            }
        };
    }

    private void publish(String tenant, List<Entity> entities) {
        for (Map.Entry<Audience, Set<Viewer>> audience : viewers.getOrDefault(tenant, Map.of()).entrySet()) {
            ReadScope scope = audience.getKey().scope();
            Texts language = texts.computeIfAbsent(audience.getKey().language(), Texts::new);
            for (Entity entity : entities) {
                if (!scope.allows(entity)) {
                    continue;
                }
                String layer = compact.apply(entity.types().getFirst());
                byte[] event = renderer.render(tenant, new Change(layer, map.row(scope.trim(entity), layer, language)));
                for (Viewer viewer : audience.getValue()) {
                    viewer.offer(event);
                }
            }
        }
    }

    @Override
    public void close() {
        publisher.shutdownNow();
    }
}
