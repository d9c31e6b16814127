package be.belfort.model;

import java.util.List;

/**
 * Learns of every entity change inside the transaction that makes it, so that what it derives (such
 * as notifications) is committed together with the change, or not at all.
 */
public interface ChangeListener {

    ChangeListener NONE = new ChangeListener() {
        @Override
        public boolean watches(String tenant) {
            return false;
        }

        @Override
        public Runnable changed(String tenant, EntityTransaction tx, List<EntityChange> changes) {
            return null;
        }
    };

    /**
     * False when no change in the tenant can interest the listener; operations then skip the copies
     * that telling before from after needs.
     */
    boolean watches(String tenant);

    /**
     * Called inside the transaction, before it commits, with the changes it makes. Returns what to do
     * once the transaction has committed (null for nothing); it does not run if the transaction fails.
     */
    Runnable changed(String tenant, EntityTransaction tx, List<EntityChange> changes);

    /**
     * Both listeners: each learns of every change in the same transaction, and what each asks for runs after
     * the commit, the first's before the second's (a failure of the first does not keep the second from running).
     */
    static ChangeListener both(ChangeListener first, ChangeListener second) {
        return new ChangeListener() {
            @Override
            public boolean watches(String tenant) {
                return first.watches(tenant) || second.watches(tenant);
            }

            @Override
            public Runnable changed(String tenant, EntityTransaction tx, List<EntityChange> changes) {
                Runnable one = first.changed(tenant, tx, changes);
                Runnable other = second.changed(tenant, tx, changes);
                if (one == null || other == null) {
                    return one == null ? other : one;
                }
                return () -> {
                    try {
                        one.run();
                    } finally {
                        other.run();
                    }
                };
            }
        };
    }
}
