package be.belfort.temporal;

import be.belfort.model.Entity;

import java.util.List;

/**
 * One entity as it is now with the part of its history a reader asked for and may see: its recorded instances,
 * or, for an aggregated request, the aggregated periods.
 */
public record EntityHistory(Entity entity, List<RecordedInstance> instances, List<AggregatedPeriod> periods) {
}
