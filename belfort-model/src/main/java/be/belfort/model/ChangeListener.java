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
}
