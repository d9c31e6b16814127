package be.belfort.storage;

import be.belfort.model.Keepable;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The answers rendered from one kept entry (an entity's row, an entity's part of a history answer), each under the form
 * it was rendered in, and the memory they hold as their cache counts it: what each tells ({@link Keepable#keep}), or,
 * for one that cannot tell, what its keeper says. At most {@link #MAX} forms are kept: enough for the common forms of one
 * client population (plain JSON and JSON-LD with the core context).
 */
public final class KeptForms {
    static final int MAX = 2;

    private final ConcurrentHashMap<Object, Object> forms = new ConcurrentHashMap<>(MAX);
    private final AtomicLong weight = new AtomicLong();

    /** The answer kept in this form, or null. */
    @SuppressWarnings("unchecked")
    public <T> T get(Object form) {
        return (T) forms.get(form);
    }

    /**
     * Keeps the answer in its form, unless one is kept in that form already or {@link #MAX} forms are: true when kept,
     * and then its weight is counted ({@code unknownWeight} where it cannot tell), so that its keeper weighs the entry
     * again.
     */
    public boolean keep(Object form, Object rendered, long unknownWeight) {
        if (rendered == null || forms.size() >= MAX || forms.putIfAbsent(form, rendered) != null) {
            return false;
        }
        weight.addAndGet(rendered instanceof Keepable keepable ? keepable.keep() : unknownWeight);
        return true;
    }

    /** The bytes the kept answers hold, as counted. */
    public long weight() {
        return weight.get();
    }
}
