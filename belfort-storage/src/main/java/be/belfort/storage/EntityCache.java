package be.belfort.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The entities' rows as last committed, kept for retrieval by id so that most reads of an entity do not ask the
 * database. Correct only while this process makes every change to the entities table: right after each commit
 * that changed an entity (before the write is acknowledged) the store forgets it, or keeps the row it wrote in
 * place of the old one ({@link #keepWritten}), so a read that starts after an acknowledged write never sees what
 * it replaced. A row kept as written carries its version (its {@code xmin}), which lets the next change of the
 * entity go without reading and locking the row, on the condition that the row is still that version. With
 * several nodes on one database another node's writes would go unseen; the platform keeps the cache only on its
 * own embedded database (see docs/operations.md).
 *
 * <p>A read that missed fills the cache only if no change of that entity committed since it looked: each entity
 * maps to a generation counter that every change moves on after its commit, read before the database row and
 * checked again, under the entry's lock, when the row is put. Counters are shared by stripes of entities, so a
 * change may keep a neighbour's row out once; it never lets an old row in.
 *
 * <p>Each kept row also keeps a few answers rendered from it ({@link Kept#form}), so that the common retrievals of
 * an unchanged entity need neither parsing nor rendering. They live and die with the row: a change forgets both.
 *
 * <p>The generations also tell what else is kept of an entity whether it is still right: a change of its history
 * alone (an instance appended, replaced or deleted) moves them on too ({@link #historyChanged}), and a change of many
 * entities' history at once (retention) moves every entity's on ({@link #everyHistoryChanged}).
 */
public final class EntityCache {
    /** No cache: every read asks the database. */
    public static final EntityCache NONE = new EntityCache(0);

    private static final int STRIPES = 4096;
    /** What a kept row costs besides its attributes' text (two bytes a character): key, record, lists, entry. */
    private static final int ROW_OVERHEAD_BYTES = 400;
    private final Cache<Key, Kept> rows;
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
    /** Added to every entity's generation: moved on when many entities changed at once. */
    private final AtomicLong everyGeneration = new AtomicLong();
    private volatile boolean off;

    private record Key(String tenant, String id) {
    }

    /** A kept row and the answers rendered from it as it is. */
    public final class Kept {
        private final Key key;
        private final EntityRow row;
        private final String version;
        private final KeptForms forms = new KeptForms();

        Kept(Key key, EntityRow row, String version) {
            this.key = key;
            this.row = row;
            this.version = version;
        }

        private int weight() {
            return (int) Math.min(Integer.MAX_VALUE, ROW_OVERHEAD_BYTES
                    + 2L * (key.id().length() + row.attributesJson().length()) + forms.weight());
        }

        public EntityRow row() {
            return row;
        }

        /** The version of the row in the database (its {@code xmin}) when this process wrote it; null when read. */
        public String version() {
            return version;
        }

        /** The answer of the form kept with this row, or null. */
        public <T> T form(Object form) {
            return forms.get(form);
        }

        /**
         * Keeps the answer of the form, rendered from this row; it must depend on nothing but the row and what
         * {@code form} names. It counts what it holds ({@link KeptForms}; one that cannot tell, a byte a character of
         * the row). Past {@link KeptForms#MAX} forms nothing more is kept.
         */
        public void keep(Object form, Object rendered) {
            if (forms.keep(form, rendered, row.attributesJson().length())) {
                // weighed again with its rendering, unless the row was forgotten or replaced meanwhile
                rows.asMap().replace(key, this, this);
            }
        }
    }

    /** A cache of at most about this many bytes of rows; 0 for none. */
    public static EntityCache ofBytes(long maxBytes) {
        return maxBytes <= 0 ? NONE : new EntityCache(maxBytes);
    }

    private EntityCache(long maxBytes) {
        this.rows = maxBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<Key, Kept>weigher((key, kept) -> kept.weight())
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    public boolean enabled() {
        return rows != null && !off;
    }

    /**
     * Keeps nothing from now on: another process writes the entities too (a node sharing a database that was
     * thought this node's own), so what is kept could be older than the database.
     */
    public void turnOff() {
        off = true;
        if (rows != null) {
            rows.invalidateAll();
        }
    }

    /** The kept row of the entity, or null. */
    public EntityRow get(String tenant, String id) {
        Kept kept = kept(tenant, id);
        return kept == null ? null : kept.row();
    }

    /** The kept row of the entity with the answers rendered from it, or null. */
    public Kept kept(String tenant, String id) {
        return enabled() ? rows.getIfPresent(new Key(tenant, id)) : null;
    }

    /** The entity's generation: take it before reading the row from the database, to hand to {@link #put}. */
    public long generation(String tenant, String id) {
        return everyGeneration.get() + generations.get(stripe(tenant, id));
    }

    /** Keeps a row read from the database, unless a change of the entity committed since {@code generation}. */
    public void put(String tenant, EntityRow row, long generation) {
        if (!enabled()) {
            return;
        }
        int stripe = stripe(tenant, row.id());
        rows.asMap().compute(new Key(tenant, row.id()),
                (key, kept) -> everyGeneration.get() + generations.get(stripe) == generation ? new Kept(key, row, null) : kept);
    }

    /**
     * After a transaction that wrote the row committed, keeps it as written, with its version, in place of what
     * was kept: unless a change of the entity committed since {@code generation} (taken before the write), which
     * makes it forget the entity instead. Either way readers that took an earlier generation can no longer put
     * the row they read.
     */
    public void keepWritten(String tenant, EntityRow row, String version, long generation) {
        if (rows == null) {
            return;
        }
        int stripe = stripe(tenant, row.id());
        rows.asMap().compute(new Key(tenant, row.id()), (key, kept) -> {
            boolean unchanged = everyGeneration.get() + generations.get(stripe) == generation;
            generations.incrementAndGet(stripe);
            return unchanged && !off ? new Kept(key, row, version) : null;
        });
    }

    /** Forgets the entities after a transaction that changed them has ended (committed or not). */
    public void forget(String tenant, Collection<String> ids) {
        if (rows == null) {
            return;
        }
        for (String id : ids) {
            // the counter first: a read that took the old one can no longer put the row it read before the commit
            generations.incrementAndGet(stripe(tenant, id));
            rows.invalidate(new Key(tenant, id));
        }
    }

    /**
     * After a transaction that changed the entities' history but not the entities themselves has ended: their rows
     * stay, their generation moves on, so that what was computed from their history is no longer taken as current.
     */
    public void historyChanged(String tenant, Collection<String> ids) {
        for (String id : ids) {
            generations.incrementAndGet(stripe(tenant, id));
        }
    }

    /** After a transaction that changed the history of entities it cannot name (retention) has ended. */
    public void everyHistoryChanged() {
        everyGeneration.incrementAndGet();
    }

    /** After the entities of a tenant were removed at once (the tenant purged): forgets every row. */
    public void forgetAll() {
        everyGeneration.incrementAndGet();
        if (rows != null) {
            rows.invalidateAll();
        }
    }

    /** Rows kept now (for metrics). */
    public long size() {
        if (rows == null) {
            return 0;
        }
        rows.cleanUp();
        return rows.estimatedSize();
    }

    /** About how many bytes of memory the kept rows and their renderings take now (for metrics). */
    public long weight() {
        if (rows == null) {
            return 0;
        }
        rows.cleanUp();
        return rows.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0L)).orElse(0L);
    }

    /** Reads answered from the cache since the start (for metrics). */
    public long hits() {
        return rows == null ? 0 : rows.stats().hitCount();
    }

    /** Reads that asked the database since the start (for metrics). */
    public long misses() {
        return rows == null ? 0 : rows.stats().missCount();
    }

    private static int stripe(String tenant, String id) {
        return (31 * tenant.hashCode() + id.hashCode()) & (STRIPES - 1);
    }
}
