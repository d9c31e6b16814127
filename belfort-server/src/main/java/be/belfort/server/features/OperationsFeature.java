package be.belfort.server.features;

import be.belfort.api.Feature;
import be.belfort.api.OperationsRoutes;
import be.belfort.api.RootRoutes;

import java.util.function.BooleanSupplier;

/** What operators and newcomers look at first: health for load balancers, metrics, and the index at {@code /}. */
public final class OperationsFeature {
    private OperationsFeature() {
    }

    /** @param databaseAnswers whether the database answers a query in time, for the readiness check */
    public static Feature wire(Core core, BooleanSupplier databaseAnswers) {
        return Feature.ofRoutes("operations",
                new OperationsRoutes(core.metrics(), databaseAnswers, core.problems()),
                new RootRoutes(core.urls(), core.json()));
    }
}
