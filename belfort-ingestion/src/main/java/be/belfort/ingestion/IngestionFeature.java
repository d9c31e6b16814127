package be.belfort.ingestion;

import be.belfort.api.ClientAddresses;
import be.belfort.api.Feature;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.ingestion.http.ProvisioningRoutes;
import be.belfort.ingestion.http.SouthboundRoutes;
import be.belfort.ingestion.mqtt.MqttSouthbound;
import be.belfort.ingestion.sql.PostgresDeviceRegistry;
import be.belfort.ingestion.sql.PostgresFeedMemory;
import be.belfort.jsonld.ContextResolver;
import be.belfort.model.EntityService;
import be.belfort.model.PeriodicTask;
import be.belfort.security.AccessPolicy;
import be.belfort.security.OutboundGuard;
import be.belfort.security.RateLimits;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Ingestion as the platform composes it: the device registry, the southbound endpoints and the group commit. */
public final class IngestionFeature {
    /**
     * Committers of the group commit: two, so that one gathers and writes its group while the other waits for its
     * commit (one left the cores idle a third of the time); more would only make the groups smaller. A device's
     * entity always takes the same committer, so its measurements keep their order.
     */
    private static final int COMMIT_LANES = 2;

    private IngestionFeature() {
    }

    public static Feature wire(DataSource dataSource, ObjectMapper json, EntityService entities, ContextResolver contexts,
                               AccessPolicy policy, RateLimits limits, ClientAddresses addresses, OutboundGuard outbound,
                               Clock clock, IngestionSettings settings) {
        DeviceRegistry registry = new PostgresDeviceRegistry(dataSource, json);
        GroupCommit commits = new GroupCommit(entities, settings.batchSize(), settings.linger(), COMMIT_LANES);
        IngestionService ingestion = new IngestionService(registry,
                new MeasureMapper(contexts.core(), settings.maxFutureSkew()), commits, clock);
        RequestReader in = new RequestReader(json, contexts);
        ResponseWriter out = new ResponseWriter(json);
        Datex2Poller feeds = new Datex2Poller(registry, ingestion, new FeedClient(outbound),
                new PostgresFeedMemory(dataSource, json), clock);
        List<AutoCloseable> stop = new java.util.ArrayList<>(List.<AutoCloseable>of(ingestion::flushStatus, commits, feeds));
        List<PeriodicTask> tasks = new java.util.ArrayList<>(List.of(
                // Each node counts its own messages in memory: each writes its own.
                PeriodicTask.onEveryNode("write devices' status", Duration.ofSeconds(1), Duration.ofSeconds(1),
                        ingestion::flushStatus),
                new PeriodicTask("poll DATEX II feeds", Duration.ofSeconds(1), Duration.ofSeconds(1), feeds::pollDue)));
        if (settings.mqtt() != null) {
            MqttSouthbound mqtt = MqttSouthbound.start(settings.mqtt(), ingestion, json, settings.maxMessageBytes());
            stop.add(mqtt);
            tasks.add(PeriodicTask.onEveryNode("follow device groups' MQTT topics", Duration.ofSeconds(2),
                    Duration.ofSeconds(2), mqtt::followGroupTopics));
        }
        return new Feature("ingestion",
                List.of(new ProvisioningRoutes(new Provisioning(registry, ingestion), policy, in, out),
                        new SouthboundRoutes(ingestion, policy, in, out, json, settings.maxMessageBytes(), limits, addresses)),
                tasks,
                // Stopped in reverse: MQTT stops taking messages, the commits under way finish, then the status
                // they changed is written.
                stop);
    }
}
