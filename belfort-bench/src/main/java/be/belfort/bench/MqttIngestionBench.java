package be.belfort.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code iot-mqtt} workload: simulated devices publish IoT Agent JSON measures with QoS 1 to an MQTT broker that
 * the platform takes them from, at a fixed rate. Throughput is what the platform committed (its devices' accepted measurements,
 * counted before and after the measured time); latency is from publishing a marked message to reading its value
 * back from the entity, sampled a few times a second.
 */
final class MqttIngestionBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Messages each publisher has on their way to the broker at once. */
    private static final int IN_FLIGHT = 200;

    private final HttpClient http;
    private final Workloads catalogue;
    private final URI broker;
    private final int devices;
    private final int publishers;
    private final PrintStream out;

    private final int rate;

    /** @param rate messages per second in all, spread over the publishers (open loop, so that latency means something) */
    MqttIngestionBench(HttpClient http, Workloads catalogue, String brokerUrl, int devices, int publishers, int rate,
                       PrintStream out) {
        this.rate = rate;
        this.http = http;
        this.catalogue = catalogue;
        this.broker = URI.create(brokerUrl);
        this.devices = devices;
        this.publishers = publishers;
        this.out = out;
    }

    Result run(Duration warmup, Duration duration) throws Exception {
        out.printf("iot-mqtt  warm-up %ds, then measuring %ds: %d messages/s from %d publishers to %s%n",
                warmup.toSeconds(), duration.toSeconds(), rate, publishers, broker);
        List<Mqtt3AsyncClient> clients = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            Mqtt3AsyncClient client = MqttClient.builder().useMqttVersion3().identifier("belfort-bench-" + i + "-" + System.nanoTime())
                    .serverHost(broker.getHost()).serverPort(broker.getPort() > 0 ? broker.getPort() : 1883).buildAsync();
            client.connect().get(10, TimeUnit.SECONDS);
            clients.add(client);
        }
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        Histogram latencies = new Histogram(60_000_000L, 3);
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        long[] accepted = new long[2];
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < publishers; i++) {
                int publisher = i;
                threads.submit(() -> publish(clients.get(publisher), publisher, end, errors));
            }
            threads.submit(() -> sample(clients.getFirst(), measureFrom, end, latencies, errors));
            sleepUntil(measureFrom);
            accepted[0] = accepted();
            sleepUntil(end);
            accepted[1] = accepted();
        }
        for (Mqtt3AsyncClient client : clients) {
            client.disconnect();
        }
        double seconds = duration.toNanos() / 1e9;
        long measurements = accepted[1] - accepted[0];
        out.printf("  iot-mqtt  %.0f measurements/s committed (%d in %.0f s), publish to queryable p50 %.1f ms,"
                        + " p99 %.1f ms over %d samples%n", measurements / seconds, measurements, seconds,
                latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0,
                latencies.getTotalCount());
        Map<String, Long> errorCounts = new ConcurrentHashMap<>();
        errors.forEach((kind, count) -> errorCounts.put(kind, count.get()));
        return Result.committed("iot-mqtt", measurements / (double) Workloads.IOT_MEASURES, duration,
                Workloads.IOT_MEASURES, latencies, errorCounts);
    }

    private void publish(Mqtt3AsyncClient client, int publisher, long end, Map<String, AtomicLong> errors) {
        Semaphore window = new Semaphore(IN_FLIGHT);
        SplittableRandom random = new SplittableRandom(publisher);
        long gap = (long) (1e9 * publishers / Math.max(1, rate));
        long next = System.nanoTime() + random.nextLong(gap);
        while (next < end) {
            try {
                sleepUntil(next);
                window.acquire();
            } catch (InterruptedException e) {
                return;
            }
            next += gap;
            String payload = "{\"t\": " + (random.nextInt(400) / 10.0) + ", \"n\": " + random.nextInt(200) + "}";
            // Device 0 is the sampler's own, so that its marked value is not overwritten before it is read.
            client.publishWith().topic("/" + Workloads.IOT_KEY + "/bench-dev-" + (1 + random.nextInt(devices - 1)) + "/attrs")
                    .qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send()
                    .whenComplete((ack, failure) -> {
                        window.release();
                        if (failure != null) {
                            errors.computeIfAbsent("MQTT " + failure.getClass().getSimpleName(), k -> new AtomicLong())
                                    .incrementAndGet();
                        }
                    });
        }
    }

    /**
     * Publishes a marked temperature (out of the normal range) for a device no other publisher uses, and times until
     * its entity shows it.
     */
    private void sample(Mqtt3AsyncClient client, long measureFrom, long end, Histogram latencies,
                        Map<String, AtomicLong> errors) {
        for (int marker = 0; System.nanoTime() < end; marker++) {
            int device = 0;
            double value = 1000 + marker;
            long sent = System.nanoTime();
            client.publishWith().topic("/" + Workloads.IOT_KEY + "/bench-dev-" + device + "/attrs").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("{\"t\": " + value + "}").getBytes(StandardCharsets.UTF_8)).send();
            boolean seen = false;
            while (!seen && System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(30)) {
                try {
                    HttpResponse<String> answer = http.send(catalogue.iotTemperature(device), HttpResponse.BodyHandlers.ofString());
                    seen = answer.statusCode() == 200 && JSON.readTree(answer.body()).path("temperature").asDouble() == value;
                    if (!seen) {
                        Thread.sleep(5);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    errors.computeIfAbsent("sample " + e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                }
            }
            if (!seen) {
                errors.computeIfAbsent("sample not seen in 30 s", k -> new AtomicLong()).incrementAndGet();
            } else if (sent >= measureFrom && System.nanoTime() <= end) {
                latencies.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The measurements the platform's bench devices accepted so far (their status is written every second). */
    private long accepted() throws Exception {
        long total = 0;
        for (int offset = 0; offset < devices; offset += 1000) {
            HttpResponse<String> answer = http.send(catalogue.iotDevicesPage(offset), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("Listing the bench devices answered " + answer.statusCode());
            }
            for (JsonNode device : JSON.readTree(answer.body()).path("devices")) {
                total += device.path("status").path("accepted").asLong();
            }
        }
        return total;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
