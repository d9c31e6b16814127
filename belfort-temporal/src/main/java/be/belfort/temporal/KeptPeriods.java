package be.belfort.temporal;

import java.util.List;
import java.util.function.Supplier;

/**
 * One entity's aggregated periods as the history store gives them, with what was rendered from them: a store that keeps
 * aggregations keeps the renderings too, until the entity or its history changes (see
 * {@link HistoryStore#aggregateKept}).
 */
public interface KeptPeriods {

    /** The periods, in attribute and period order. */
    List<AggregatedPeriod> periods();

    /**
     * What {@code render} returned before for this form of these periods; otherwise what it returns now, kept if the
     * store keeps anything. The form must name whatever else the rendering depends on (the entity as read, the media
     * type, the @context, the reader, ...).
     */
    <T> T rendered(Object form, Supplier<T> render);

    /** Periods that keep nothing. */
    static KeptPeriods of(List<AggregatedPeriod> periods) {
        return new KeptPeriods() {
            @Override
            public List<AggregatedPeriod> periods() {
                return periods;
            }

            @Override
            public <T> T rendered(Object form, Supplier<T> render) {
                return render.get();
            }
        };
    }
}
