package be.belfort.temporal;

import java.util.function.Supplier;

/**
 * One entity's part of a history answer as the history store gives it (its aggregated periods, or its instances), with
 * what was rendered from it: a store that keeps answers keeps the renderings too, until the entity or its history
 * changes (see {@link HistoryStore#aggregateKept} and {@link HistoryStore#instancesKept}).
 *
 * @param <V> what the store read: the periods, or the instances
 */
public interface Kept<V> {

    /** The periods in attribute and period order, or the instances oldest first per attribute. */
    V value();

    /**
     * What {@code render} returned before for this form of this value; otherwise what it returns now, kept if the
     * store keeps anything. The form must name whatever else the rendering depends on (the entity as read, the media
     * type, the @context, the reader, ...).
     */
    <T> T rendered(Object form, Supplier<T> render);

    /** A value that keeps nothing. */
    static <V> Kept<V> of(V value) {
        return new Kept<>() {
            @Override
            public V value() {
                return value;
            }

            @Override
            public <T> T rendered(Object form, Supplier<T> render) {
                return render.get();
            }
        };
    }
}
