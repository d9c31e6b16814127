package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The first messages of many devices at once look them up a few at a time, and each device once; a key's first
 * unknown device reads its tenant's devices a page at a time instead.
 */
class DeviceLookupTest {
    private static final DeviceGroup GROUP = ProvisioningDocuments.group("city", JsonNodeFactory.instance.objectNode()
            .put("apikey", "key").put("resource", "/iot/json").put("entity_type", "Thing"));

    /** A registry of the one key's group whose other calls {@code answers} takes. */
    private static DeviceRegistry registry(java.lang.reflect.InvocationHandler answers) {
        return (DeviceRegistry) Proxy.newProxyInstance(DeviceLookupTest.class.getClassLoader(),
                new Class<?>[] {DeviceRegistry.class}, (proxy, method, arguments) ->
                        method.getName().equals("groupsByKey") ? List.of(GROUP) : answers.invoke(proxy, method, arguments));
    }

    @Test
    void manyDevicesNotCachedYetAreLookedUpAFewAtATime() throws Exception {
        AtomicInteger atOnce = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger lookups = new AtomicInteger();
        // A registry whose device look-up takes a while, as a database round trip under load does.
        DeviceRegistry registry = registry((proxy, method, arguments) -> switch (method.getName()) {
                    case "device" -> {
                        lookups.incrementAndGet();
                        mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
                        Thread.sleep(20);
                        atOnce.decrementAndGet();
                        ObjectNode document = JsonNodeFactory.instance.objectNode().put("device_id", (String) arguments[1]);
                        yield Optional.of(new DeviceRegistry.Entry(ProvisioningDocuments.device("city", document),
                                DeviceStatus.NONE));
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        try (GroupCommit commits = new GroupCommit(null, 10, Duration.ZERO, 1);
             ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            IngestionService ingestion = new IngestionService(registry, new MeasureMapper(null, Duration.ZERO), commits,
                    Clock.systemUTC());
            List<Future<Device>> found = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String deviceId = "dev-" + (i % 50);
                found.add(senders.submit(() -> ingestion.deviceByKey("key", deviceId)));
            }
            for (int i = 0; i < found.size(); i++) {
                assertThat(found.get(i).get().deviceId()).isEqualTo("dev-" + (i % 50));
            }
        }
        assertThat(mostAtOnce.get()).as("look-ups at once").isBetween(1, IngestionService.MAX_CONCURRENT_LOOKUPS);
        assertThat(lookups.get()).as("each device looked up once, its second message finding it cached").isEqualTo(50);
    }

    @Test
    void aKeysFirstUnknownDeviceReadsItsTenantsDevicesAtOnce() {
        AtomicInteger pages = new AtomicInteger();
        AtomicInteger lookups = new AtomicInteger();
        DeviceRegistry registry = registry((proxy, method, arguments) -> switch (method.getName()) {
                    case "devices" -> {
                        pages.incrementAndGet();
                        int offset = (int) arguments[2];
                        List<DeviceRegistry.Entry> page = new ArrayList<>();
                        for (int i = offset; i < Math.min(1_500, offset + (int) arguments[1]); i++) {
                            ObjectNode document = JsonNodeFactory.instance.objectNode().put("device_id", "dev-" + i);
                            if (i == 7) {
                                document.put("apikey", "a-key-of-its-own");
                            }
                            page.add(new DeviceRegistry.Entry(ProvisioningDocuments.device("city", document), DeviceStatus.NONE));
                        }
                        yield new DeviceRegistry.Page<>(page, 1_500);
                    }
                    case "device" -> {
                        lookups.incrementAndGet();
                        yield Optional.empty();
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        try (GroupCommit commits = new GroupCommit(null, 10, Duration.ZERO, 1)) {
            IngestionService ingestion = new IngestionService(registry, new MeasureMapper(null, Duration.ZERO), commits,
                    Clock.systemUTC());
            for (int i = 0; i < 1_500; i++) {
                if (i != 7) {
                    assertThat(ingestion.deviceByKey("key", "dev-" + i).entityType()).isEqualTo("Thing");
                }
            }
            assertThat(pages.get()).as("two pages of the tenant's devices, read once").isEqualTo(2);
            assertThat(lookups.get()).as("no device looked up alone").isZero();
            assertThatThrownBy(() -> ingestion.deviceByKey("key", "dev-7")).as("a device with a key of its own")
                    .isInstanceOf(NgsiLdException.class);
            assertThatThrownBy(() -> ingestion.deviceByKey("key", "dev-unknown")).isInstanceOf(NgsiLdException.class);
            assertThat(lookups.get()).as("those two looked up alone").isEqualTo(2);

            ingestion.forgetDevices();
            ingestion.deviceByKey("key", "dev-3");
            assertThat(pages.get()).as("read again after a provisioning change").isEqualTo(4);
        }
    }
}
