package be.belfort.server.features;

import be.belfort.model.BackgroundJob;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** A background job's failures as metrics: how many so far, and how many of its units fail now. */
public final class JobMetrics {
    private JobMetrics() {
    }

    public static BackgroundJob register(MeterRegistry metrics, BackgroundJob job) {
        FunctionCounter.builder("belfort.background.failures", job, BackgroundJob::failures)
                .tag("job", job.name()).description("Failed attempts of a background job's units").register(metrics);
        Gauge.builder("belfort.background.failing.units", job, BackgroundJob::failingUnits)
                .tag("job", job.name()).description("Units of a background job that fail now and are retried")
                .register(metrics);
        return job;
    }
}
