package be.belfort.model;

/**
 * A rendered answer that a cache may keep for many responses (a kept entity's or a kept history's renderings), and
 * that can tell how much memory it holds: the caches weigh their entries by it, so that what they keep stays within
 * the memory they were given.
 */
public interface Keepable {

    /**
     * Readies this answer to be kept (a large one may be held in a smaller form from now on) and returns about how many
     * bytes of memory it holds then, including what it may still add while kept (a compressed form made for the first
     * client that asks for one).
     */
    long keep();
}
