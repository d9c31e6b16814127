package be.belfort.server;

import be.belfort.dashboard.DashboardSettings;
import be.belfort.datapedia.DatapediaSettings;
import be.belfort.demo.DemoDatapedia;
import be.belfort.demo.DemoDatex2Feed;
import be.belfort.demo.DemoFeeder;
import be.belfort.demo.DemoRegion;
import be.belfort.demo.HistoryBackfill;
import be.belfort.demo.DemoSettings;
import be.belfort.demo.FederatedCity;
import be.belfort.jsonld.ContextLimits;
import be.belfort.security.OidcSettings;
import be.belfort.storage.DatabaseStartException;
import be.belfort.subscriptions.DeliverySettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import be.belfort.api.CorsPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The {@code belfort} command line. Every option can also be set by the environment variable it names. */
@Command(name = "belfort", mixinStandardHelpOptions = true, version = "Belfort 0.1.0",
        description = "Belfort: the open data platform for a smart region (NGSI-LD context broker).",
        subcommands = {Main.Start.class, Main.DemoCommand.class, KeysCommand.class, DevicesCommand.class,
                BackupCommands.Backup.class, BackupCommands.Restore.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        OutboundHttp.keepIdleConnectionsBriefly();
        System.exit(commandLine().execute(args));
    }

    /** The command line, with its handling of settings that cannot be used. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        // A setting that cannot be used, or a data directory another Belfort holds, is the operator's to fix:
        // say what in one line, without a stack trace.
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                line.getErr().println("belfort: " + e.getMessage());
                return 2;
            }
            if (e instanceof DatabaseStartException) {
                line.getErr().println("belfort: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** The options of a running platform, shared by {@code start} and {@code demo}. */
    static final class PlatformOptions {
        @Option(names = "--host", defaultValue = "${env:BELFORT_HOST:-0.0.0.0}",
                description = "Address to listen on (env BELFORT_HOST; default ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "${env:BELFORT_PORT:-8080}",
                description = "HTTP port (env BELFORT_PORT; default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--data-dir", defaultValue = "${env:BELFORT_DATA_DIR:-data}",
                description = "Directory of the embedded database's files (env BELFORT_DATA_DIR; default ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--db-url", defaultValue = "${env:BELFORT_DB_URL}",
                description = "JDBC URL of an external PostgreSQL >= 14, e.g. jdbc:postgresql://db:5432/belfort "
                        + "(env BELFORT_DB_URL; default: embedded PostgreSQL).")
        String dbUrl;

        @Option(names = "--db-user", defaultValue = "${env:BELFORT_DB_USER}",
                description = "User for --db-url (env BELFORT_DB_USER).")
        String dbUser;

        @Option(names = "--db-password", defaultValue = "${env:BELFORT_DB_PASSWORD}",
                description = "Password for --db-url (env BELFORT_DB_PASSWORD).")
        String dbPassword;

        @Option(names = "--db-read-url", defaultValue = "${env:BELFORT_DB_READ_URL}",
                description = "JDBC URL of a streaming replica of --db-url that answers queries, temporal reads, open data"
                        + " downloads and the dashboard; a client's reads after its own write go to the primary until the"
                        + " replica has it, and every read while the replica is unreachable (same user and password;"
                        + " env BELFORT_DB_READ_URL).")
        String dbReadUrl;

        @Option(names = "--db-pool-size", defaultValue = "${env:BELFORT_DB_POOL_SIZE:-16}",
                description = "Database connections (env BELFORT_DB_POOL_SIZE; default ${DEFAULT-VALUE}).")
        int dbPoolSize;

        @Option(names = "--db-connection-wait", defaultValue = "${env:BELFORT_DB_CONNECTION_WAIT:-PT5S}",
                description = "How long a request waits for a free database connection before it is answered 503 with"
                        + " Retry-After, ISO 8601 (env BELFORT_DB_CONNECTION_WAIT; default ${DEFAULT-VALUE}).")
        Duration dbConnectionWait;

        @Option(names = "--db-lock-wait", defaultValue = "${env:BELFORT_DB_LOCK_WAIT:-PT5S}",
                description = "How long a write waits for data that another write holds before it is answered 503 with"
                        + " Retry-After, ISO 8601 (env BELFORT_DB_LOCK_WAIT; default ${DEFAULT-VALUE}).")
        Duration dbLockWait;

        @Option(names = "--max-concurrent-requests", defaultValue = "${env:BELFORT_MAX_CONCURRENT_REQUESTS:-0}",
                description = "Requests at work at once; more wait their turn in arrival order (health, metrics and"
                        + " event streams do not count). 0 means twice --db-pool-size (env BELFORT_MAX_CONCURRENT_REQUESTS;"
                        + " default ${DEFAULT-VALUE}).")
        int maxConcurrentRequests;

        @Option(names = "--max-request-wait", defaultValue = "${env:BELFORT_MAX_REQUEST_WAIT:-PT5S}",
                description = "How long a request waits for its turn before it is answered 503 with Retry-After, ISO 8601"
                        + " (env BELFORT_MAX_REQUEST_WAIT; default ${DEFAULT-VALUE}).")
        Duration maxRequestWait;

        @Option(names = "--max-body-size", defaultValue = "${env:BELFORT_MAX_BODY_SIZE:-2097152}",
                description = "Largest request body in bytes (env BELFORT_MAX_BODY_SIZE; default ${DEFAULT-VALUE}).")
        long maxBodySize;

        @Option(names = "--max-batch-size", defaultValue = "${env:BELFORT_MAX_BATCH_SIZE:-1000}",
                description = "Most entities in one batch operation (env BELFORT_MAX_BATCH_SIZE; default ${DEFAULT-VALUE}).")
        int maxBatchSize;

        @Option(names = "--context-timeout", defaultValue = "${env:BELFORT_CONTEXT_TIMEOUT:-PT5S}",
                description = "Longest time fetching a remote @context may take in all, body included, ISO 8601"
                        + " (env BELFORT_CONTEXT_TIMEOUT; default ${DEFAULT-VALUE}).")
        Duration contextTimeout;

        @Option(names = "--max-context-size", defaultValue = "${env:BELFORT_MAX_CONTEXT_SIZE:-524288}",
                description = "Largest @context in bytes, fetched or hosted (env BELFORT_MAX_CONTEXT_SIZE; default ${DEFAULT-VALUE}).")
        int maxContextSize;

        @Option(names = "--max-context-imports", defaultValue = "${env:BELFORT_MAX_CONTEXT_IMPORTS:-32}",
                description = "Most remote or hosted @contexts one request's @context may import, at any depth of nesting"
                        + " (env BELFORT_MAX_CONTEXT_IMPORTS; default ${DEFAULT-VALUE}).")
        int maxContextImports;

        @Option(names = "--context-cache-size", defaultValue = "${env:BELFORT_CONTEXT_CACHE_SIZE:-128}",
                description = "Memory in MB each @context cache may hold: fetched contexts, processed contexts, expanded"
                        + " terms; the least recently used go first (env BELFORT_CONTEXT_CACHE_SIZE; default ${DEFAULT-VALUE}).")
        long contextCacheSize;

        @Option(names = "--context-cache-ttl", defaultValue = "${env:BELFORT_CONTEXT_CACHE_TTL:-PT1H}",
                description = "How long a fetched @context is used before it is fetched again, ISO 8601"
                        + " (env BELFORT_CONTEXT_CACHE_TTL; default ${DEFAULT-VALUE}).")
        Duration contextCacheTtl;

        @Option(names = "--shutdown-timeout", defaultValue = "${env:BELFORT_SHUTDOWN_TIMEOUT:-PT10S}",
                description = "How long in-flight requests may take to finish on shutdown (env BELFORT_SHUTDOWN_TIMEOUT; default ${DEFAULT-VALUE}).")
        Duration shutdownTimeout;

        @Option(names = "--retention", split = ",", defaultValue = "${env:BELFORT_RETENTION}",
                description = "History retention, TENANT[:TYPE]=DURATION, repeatable or comma-separated, e.g."
                        + " gent=P2Y,gent:AirQualityObserved=P90D; - is the default tenant; removed hourly"
                        + " (env BELFORT_RETENTION; default: keep everything).")
        List<String> retention;

        @Option(names = "--max-history-instances", defaultValue = "${env:BELFORT_MAX_HISTORY_INSTANCES:-10000}",
                description = "Most instances of one attribute in one temporal answer; longer histories are paged"
                        + " with 206 and Content-Range (env BELFORT_MAX_HISTORY_INSTANCES; default ${DEFAULT-VALUE}).")
        int maxHistoryInstances;

        @Option(names = "--max-history-values", defaultValue = "${env:BELFORT_MAX_HISTORY_VALUES:-10000}",
                description = "Most instances or aggregated periods in one temporal answer over all its entities and"
                        + " attributes, each attribute of each entity getting an equal share; more are paged with 206"
                        + " and Content-Range, so that no request holds more history in memory (env"
                        + " BELFORT_MAX_HISTORY_VALUES; default ${DEFAULT-VALUE}).")
        int maxHistoryValues;

        @Option(names = "--notification-timeout", defaultValue = "${env:BELFORT_NOTIFICATION_TIMEOUT:-PT5S}",
                description = "How long a notification receiver may take to answer before the attempt counts as"
                        + " failed and is retried later (env BELFORT_NOTIFICATION_TIMEOUT; default ${DEFAULT-VALUE}).")
        Duration notificationTimeout;

        @Option(names = "--max-pending-notifications", defaultValue = "${env:BELFORT_MAX_PENDING_NOTIFICATIONS:-10000}",
                description = "Most notifications one subscription may have waiting for its receiver; beyond, the"
                        + " subscription is stopped (status failed) and they are dropped, until its owner updates it"
                        + " (env BELFORT_MAX_PENDING_NOTIFICATIONS; default ${DEFAULT-VALUE}).")
        int maxPendingNotifications;

        @Option(names = "--public-url", defaultValue = "${env:BELFORT_PUBLIC_URL}",
                description = "The platform's public base URL, such as https://data.example.be: every catalogue and"
                        + " stream IRI starts with it (env BELFORT_PUBLIC_URL; default: the scheme and host of each request).")
        String publicUrl;

        @Option(names = "--catalog-publisher", defaultValue = "${env:BELFORT_CATALOG_PUBLISHER:-Belfort}",
                description = "Who runs the platform, named as the publisher of the open data catalogue"
                        + " (env BELFORT_CATALOG_PUBLISHER; default ${DEFAULT-VALUE}).")
        String catalogPublisher;

        @Option(names = "--ldes-page-size", defaultValue = "${env:BELFORT_LDES_PAGE_SIZE:-250}",
                description = "Members per page of the open datasets' event streams (env BELFORT_LDES_PAGE_SIZE;"
                        + " default ${DEFAULT-VALUE}).")
        int ldesPageSize;

        @Option(names = "--auth", defaultValue = "${env:BELFORT_AUTH:-on}",
                description = "on: reads and writes are checked against API keys and roles; off: nothing is"
                        + " checked, for local development and conformance runs only (env BELFORT_AUTH;"
                        + " default ${DEFAULT-VALUE}). The admin key is BELFORT_ADMIN_KEY, or generated at start.")
        String auth;

        @Option(names = "--allow-private-outbound", defaultValue = "${env:BELFORT_ALLOW_PRIVATE_OUTBOUND:-false}",
                description = "Let the platform call loopback and private addresses (remote @contexts, notification"
                        + " endpoints), for receivers on the same network; link-local and metadata addresses stay"
                        + " refused (env BELFORT_ALLOW_PRIVATE_OUTBOUND; default ${DEFAULT-VALUE}).")
        boolean allowPrivateOutbound;

        @Option(names = "--allow-outbound-to", split = "[,\\s]+", paramLabel = "ORIGIN",
                defaultValue = "${env:BELFORT_ALLOW_OUTBOUND_TO}",
                description = "Origins (scheme://host[:port], http, https, mqtt or mqtts) the platform may call on loopback or"
                        + " private addresses while others stay refused: a receiver, a feed or a city's broker on the same"
                        + " network, narrower than --allow-private-outbound (env BELFORT_ALLOW_OUTBOUND_TO).")
        List<String> allowOutboundTo;

        @Option(names = "--audit-retention", defaultValue = "${env:BELFORT_AUDIT_RETENTION:-P1Y}",
                description = "How long the audit log keeps its entries, ISO 8601 (env BELFORT_AUDIT_RETENTION;"
                        + " default ${DEFAULT-VALUE}).")
        String auditRetention;

        @Option(names = "--oidc-issuer", defaultValue = "${env:BELFORT_OIDC_ISSUER}",
                description = "Accept bearer tokens from this OpenID provider, e.g. https://sso.example.be/realms/city"
                        + " (env BELFORT_OIDC_ISSUER; default: API keys only).")
        String oidcIssuer;

        @Option(names = "--oidc-audience", defaultValue = "${env:BELFORT_OIDC_AUDIENCE}",
                description = "What a token's aud must contain: the platform's client id at the provider (env"
                        + " BELFORT_OIDC_AUDIENCE; needed with --oidc-issuer).")
        String oidcAudience;

        @Option(names = "--oidc-jwks-uri", defaultValue = "${env:BELFORT_OIDC_JWKS_URI}",
                description = "Where the provider's signing keys are (env BELFORT_OIDC_JWKS_URI; default: from the"
                        + " issuer's /.well-known/openid-configuration).")
        String oidcJwksUri;

        @Option(names = "--oidc-roles-claim", defaultValue = "${env:BELFORT_OIDC_ROLES_CLAIM:-roles}",
                description = "The claim with the roles, a dotted path such as realm_access.roles; values are admin,"
                        + " TENANT:ROLE, or a plain role for each tenant of --oidc-tenants-claim (env"
                        + " BELFORT_OIDC_ROLES_CLAIM; default ${DEFAULT-VALUE}).")
        String oidcRolesClaim;

        @Option(names = "--oidc-tenants-claim", defaultValue = "${env:BELFORT_OIDC_TENANTS_CLAIM:-tenants}",
                description = "The claim with the tenants that plain roles hold in (env BELFORT_OIDC_TENANTS_CLAIM;"
                        + " default ${DEFAULT-VALUE}).")
        String oidcTenantsClaim;

        @Option(names = "--oidc-clock-skew", defaultValue = "${env:BELFORT_OIDC_CLOCK_SKEW:-PT60S}",
                description = "How far the provider's clock may differ from the platform's, ISO 8601 (env"
                        + " BELFORT_OIDC_CLOCK_SKEW; default ${DEFAULT-VALUE}).")
        Duration oidcClockSkew;

        @Option(names = "--rate-limit-anonymous", defaultValue = "${env:BELFORT_RATE_LIMIT_ANONYMOUS:-100}",
                description = "Requests per second per client address without credentials, bursts of twice that;"
                        + " 0 for no limit (env BELFORT_RATE_LIMIT_ANONYMOUS; default ${DEFAULT-VALUE}).")
        double anonymousRate;

        @Option(names = "--rate-limit-client", defaultValue = "${env:BELFORT_RATE_LIMIT_CLIENT:-1000}",
                description = "Requests per second per API key or token subject, bursts of twice that; 0 for no"
                        + " limit (env BELFORT_RATE_LIMIT_CLIENT; default ${DEFAULT-VALUE}).")
        double clientRate;

        @Option(names = "--trusted-proxy", split = ",", defaultValue = "${env:BELFORT_TRUSTED_PROXIES}",
                description = "Address of a reverse proxy in front of the platform, repeatable or comma-separated:"
                        + " for its requests, the client (for rate limits) is the nearest other address in"
                        + " X-Forwarded-For (env BELFORT_TRUSTED_PROXIES; default: none, X-Forwarded-For is ignored).")
        List<String> trustedProxies;

        @Option(names = "--ingestion-max-message-size", defaultValue = "${env:BELFORT_INGESTION_MAX_MESSAGE_SIZE:-16384}",
                description = "Largest southbound message in bytes, larger ones are refused with 413"
                        + " (env BELFORT_INGESTION_MAX_MESSAGE_SIZE; default ${DEFAULT-VALUE}).")
        int ingestionMaxMessageBytes;

        @Option(names = "--ingestion-max-future", defaultValue = "${env:BELFORT_INGESTION_MAX_FUTURE:-PT5M}",
                description = "How far ahead of the platform's clock an observation time may be, ISO 8601"
                        + " (env BELFORT_INGESTION_MAX_FUTURE; default ${DEFAULT-VALUE}).")
        Duration ingestionMaxFuture;

        @Option(names = "--ingestion-batch-size", defaultValue = "${env:BELFORT_INGESTION_BATCH_SIZE:-500}",
                description = "Most messages written in one transaction by the group commit"
                        + " (env BELFORT_INGESTION_BATCH_SIZE; default ${DEFAULT-VALUE}).")
        int ingestionBatchSize;

        @Option(names = "--ingestion-linger", defaultValue = "${env:BELFORT_INGESTION_LINGER:-PT0.002S}",
                description = "How long the group commit waits for more messages once it has one, ISO 8601"
                        + " (env BELFORT_INGESTION_LINGER; default ${DEFAULT-VALUE}).")
        Duration ingestionLinger;

        @Option(names = "--mqtt-url", defaultValue = "${env:BELFORT_MQTT_URL}",
                description = "The MQTT broker devices publish to, mqtt://host:port or mqtts://host:port (TLS); Belfort"
                        + " subscribes to the IoT Agent topics (env BELFORT_MQTT_URL; default: none).")
        String mqttUrl;

        @Option(names = "--mqtt-user", defaultValue = "${env:BELFORT_MQTT_USER}",
                description = "User name at the MQTT broker (env BELFORT_MQTT_USER; default: none).")
        String mqttUser;

        @Option(names = "--mqtt-password", defaultValue = "${env:BELFORT_MQTT_PASSWORD}",
                description = "Password at the MQTT broker (env BELFORT_MQTT_PASSWORD; default: none).")
        String mqttPassword;

        @Option(names = "--mqtt-shared-group", defaultValue = "${env:BELFORT_MQTT_SHARED_GROUP}",
                description = "Several nodes on one database: the same group name on each, and the broker gives each"
                        + " device message to one of them (MQTT shared subscriptions, $share/<group>/...; the broker"
                        + " must support them) (env BELFORT_MQTT_SHARED_GROUP; default: none, one node takes MQTT).")
        String mqttSharedGroup;

        @Option(names = "--mqtt-client-id", defaultValue = "${env:BELFORT_MQTT_CLIENT_ID}",
                description = "This node's MQTT client identifier, which names its session at the broker; each node"
                        + " needs its own (env BELFORT_MQTT_CLIENT_ID; default: belfort-ingestion-<broker host>, or with"
                        + " --mqtt-shared-group belfort-ingestion-<this host>-<port>).")
        String mqttClientId;

        @Option(names = "--mqtt-version", defaultValue = "${env:BELFORT_MQTT_VERSION:-5}",
                description = "The MQTT version Belfort speaks with the broker: 5, or 3.1.1 for a broker without MQTT 5"
                        + " (env BELFORT_MQTT_VERSION; default ${DEFAULT-VALUE}).")
        String mqttVersion;

        @Option(names = "--mqtt-max-in-flight", defaultValue = "${env:BELFORT_MQTT_MAX_IN_FLIGHT:-1000}",
                description = "How many messages from the broker may await their commit at once, 1 to 10000; at that"
                        + " many Belfort reads no more from the broker until one commits, and the broker queues what"
                        + " devices publish meanwhile (env BELFORT_MQTT_MAX_IN_FLIGHT; default ${DEFAULT-VALUE}).")
        int mqttMaxInFlight;

        @Option(names = "--cors-origins", split = ",", defaultValue = "${env:BELFORT_CORS_ORIGINS:-*}",
                description = "Web pages (origins such as https://dashboard.example.be, comma-separated) that may call"
                        + " the NGSI-LD API and the admin paths from a browser; * for any. The open-data paths answer"
                        + " any page; credentials (cookies) are never allowed (env BELFORT_CORS_ORIGINS;"
                        + " default ${DEFAULT-VALUE}).")
        List<String> corsOrigins;
        @Option(names = "--map-tiles", defaultValue = "${env:BELFORT_MAP_TILES}",
                description = "The dashboard map's tile URL template with {z}, {x} and {y}, or none for a plain"
                        + " background (env BELFORT_MAP_TILES; default: OpenStreetMap's standard tiles).")
        String mapTiles;

        @Option(names = "--map-attribution", defaultValue = "${env:BELFORT_MAP_ATTRIBUTION}",
                description = "The credit the map tiles' provider asks for (env BELFORT_MAP_ATTRIBUTION; default:"
                        + " OpenStreetMap's, with the default tiles).")
        String mapAttribution;

        @Option(names = "--embed-origins", defaultValue = "${env:BELFORT_EMBED_ORIGINS}",
                description = "Who may show the dashboard's embeddable maps and charts in a frame: 'self', 'none' or"
                        + " origins such as https://www.gent.be, separated by spaces (env BELFORT_EMBED_ORIGINS;"
                        + " default: 'self').")
        String embedOrigins;

        private DashboardSettings dashboard() {
            if (mapTiles == null || mapTiles.isBlank()) {
                return (mapAttribution == null ? DashboardSettings.DEFAULT
                        : new DashboardSettings(DashboardSettings.OPENSTREETMAP, mapAttribution))
                        .withEmbedOrigins(embedOrigins);
            }
            return new DashboardSettings(mapTiles, mapAttribution, embedOrigins);
        }

        @Option(names = "--federation-timeout", defaultValue = "${env:BELFORT_FEDERATION_TIMEOUT:-PT3S}",
                description = "How long a registered context source may take to answer a distributed query, ISO 8601;"
                        + " a slower one leaves a partial answer with a warning (env BELFORT_FEDERATION_TIMEOUT;"
                        + " default ${DEFAULT-VALUE}).")
        Duration federationTimeout;

        @Option(names = "--federation-max-answer-size", defaultValue = "${env:BELFORT_FEDERATION_MAX_ANSWER_SIZE:-16}",
                description = "Largest answer read from one registered context source, in MiB; a larger one counts as"
                        + " failed (env BELFORT_FEDERATION_MAX_ANSWER_SIZE; default ${DEFAULT-VALUE}).")
        long federationMaxAnswerSize;

        @Option(names = "--console-idle-timeout", defaultValue = "${env:BELFORT_CONSOLE_IDLE_TIMEOUT:-PT30M}",
                description = "A staff console session unused this long ends, ISO 8601 (env BELFORT_CONSOLE_IDLE_TIMEOUT;"
                        + " default ${DEFAULT-VALUE}).")
        Duration consoleIdleTimeout;

        @Option(names = "--console-session-lifetime", defaultValue = "${env:BELFORT_CONSOLE_SESSION_LIFETIME:-PT12H}",
                description = "A staff console session ends this long after sign-in, ISO 8601"
                        + " (env BELFORT_CONSOLE_SESSION_LIFETIME; default ${DEFAULT-VALUE}).")
        Duration consoleSessionLifetime;

        @Option(names = "--oidc-client-id", defaultValue = "${env:BELFORT_OIDC_CLIENT_ID}",
                description = "The staff console's client id at the OpenID provider of --oidc-issuer: people then sign in"
                        + " there (authorization code flow with PKCE) as well as with API keys (env BELFORT_OIDC_CLIENT_ID).")
        String oidcClientId;

        @Option(names = "--oidc-client-secret", defaultValue = "${env:BELFORT_OIDC_CLIENT_SECRET}",
                description = "The console client's secret at the provider; none for a public client"
                        + " (env BELFORT_OIDC_CLIENT_SECRET).")
        String oidcClientSecret;

        @Option(names = "--datapedia-recompute-interval", defaultValue = "${env:BELFORT_DATAPEDIA_RECOMPUTE_INTERVAL:-PT5M}",
                description = "Time between two computations of every policy question's diagnosis, ISO 8601"
                        + " (env BELFORT_DATAPEDIA_RECOMPUTE_INTERVAL; default ${DEFAULT-VALUE}).")
        Duration datapediaRecomputeInterval;

        @Option(names = "--datapedia-harvest-interval", defaultValue = "${env:BELFORT_DATAPEDIA_HARVEST_INTERVAL:-PT6H}",
                description = "Time between two harvests of the external DCAT catalogues, ISO 8601"
                        + " (env BELFORT_DATAPEDIA_HARVEST_INTERVAL; default ${DEFAULT-VALUE}).")
        Duration datapediaHarvestInterval;

        @Option(names = "--write-group-max", defaultValue = "${env:BELFORT_WRITE_GROUP_MAX:-64}",
                description = "Concurrent writes of one entity each (create, update, delete) that arrive together are"
                        + " committed by one transaction of at most this many; 1 gives each write a transaction of its own"
                        + " (env BELFORT_WRITE_GROUP_MAX; default ${DEFAULT-VALUE}).")
        int writeGroupMax;

        @Option(names = "--write-group-lanes", defaultValue = "${env:BELFORT_WRITE_GROUP_LANES:-1}",
                description = "Transactions of combined writes under way at once, each on a database connection;"
                        + " more overlap one group's round trips with another's where the database is far, fewer make"
                        + " larger groups (env BELFORT_WRITE_GROUP_LANES; default ${DEFAULT-VALUE}).")
        int writeGroupLanes;

        @Option(names = "--write-queue", defaultValue = "${env:BELFORT_WRITE_QUEUE:-1000}",
                description = "Writes waiting for their transaction per lane; past it a write waits up to 2 s for room,"
                        + " then is answered 503 (env BELFORT_WRITE_QUEUE; default ${DEFAULT-VALUE}).")
        int writeQueue;

        @Option(names = "--entity-cache-mb", defaultValue = "${env:BELFORT_ENTITY_CACHE_MB:--1}",
                description = "Memory for entities kept for retrieval by id, in MB; 0 for none. Default: 1/"
                        + Settings.EMBEDDED_ENTITY_CACHE_SHARE + " of the heap (-Xmx) on the embedded database, none with --db-url (another"
                        + " node's writes would go unseen); give a size with --db-url only for a single node"
                        + " (env BELFORT_ENTITY_CACHE_MB).")
        int entityCacheMb;

        @Option(names = "--history-cache-mb", defaultValue = "${env:BELFORT_HISTORY_CACHE_MB:--1}",
                description = "Memory for history answers (aggregatedValues, and instances of named attributes such as"
                        + " lastN) kept to answer the same question about an unchanged history again, in MB; 0 for none. Default: 1/"
                        + Settings.EMBEDDED_HISTORY_CACHE_SHARE + " of the heap (-Xmx) on the embedded database, none with --db-url or"
                        + " --db-read-url; kept only while entities are (--entity-cache-mb) (env BELFORT_HISTORY_CACHE_MB).")
        int historyCacheMb;

        @Option(names = "--warm-up", defaultValue = "${env:BELFORT_WARM_UP:-PT20S}",
                description = "How long the platform exercises its own write, history, query and notification paths"
                        + " at start, on a loopback port in a tenant of its own that it removes afterwards, before it"
                        + " opens its port; a cold platform answers its first minute of heavy load slowly. ISO 8601, PT0S"
                        + " for none (env BELFORT_WARM_UP; default ${DEFAULT-VALUE}).")
        Duration warmUp;

        private be.belfort.ingestion.IngestionSettings.MqttBroker mqttBroker() {
            if (mqttUrl == null || mqttUrl.isBlank()) {
                return null;
            }
            String group = mqttSharedGroup == null || mqttSharedGroup.isBlank() ? null : mqttSharedGroup.trim();
            String clientId = mqttClientId != null && !mqttClientId.isBlank() ? mqttClientId.trim()
                    : group == null ? null : "belfort-ingestion-" + hostName() + "-" + port;
            return new be.belfort.ingestion.IngestionSettings.MqttBroker(mqttUrl, mqttUser, mqttPassword, clientId, group,
                    be.belfort.ingestion.IngestionSettings.MqttBroker.Version.of(mqttVersion), mqttMaxInFlight);
        }

        private static String hostName() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "localhost";
            }
        }

        private OidcSettings oidc() {
            if (oidcIssuer == null || oidcIssuer.isBlank()) {
                return null;
            }
            try {
                return new OidcSettings(URI.create(oidcIssuer), oidcAudience,
                        oidcJwksUri == null || oidcJwksUri.isBlank() ? null : URI.create(oidcJwksUri),
                        oidcRolesClaim, oidcTenantsClaim, oidcClockSkew);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--oidc-*: " + e.getMessage());
            }
        }

        Settings settings() {
            if (dbReadUrl != null && !dbReadUrl.isBlank() && (dbUrl == null || dbUrl.isBlank())) {
                throw new IllegalArgumentException("--db-read-url names a replica of the database of --db-url; give both");
            }
            if (!auth.equals("on") && !auth.equals("off")) {
                throw new IllegalArgumentException("--auth is on or off, not " + auth);
            }
            if (maxHistoryInstances < 1 || maxHistoryValues < 1) {
                throw new IllegalArgumentException("--max-history-instances and --max-history-values are at least 1");
            }
            if (warmUp.isNegative()) {
                throw new IllegalArgumentException("--warm-up is a duration such as PT20S (PT0S for none), not " + warmUp);
            }
            if (entityCacheMb < 0 && entityCacheMb != Settings.AUTOMATIC) {
                throw new IllegalArgumentException("--entity-cache-mb is a size in MB (0 for none), not " + entityCacheMb);
            }
            if (historyCacheMb < 0 && historyCacheMb != Settings.AUTOMATIC) {
                throw new IllegalArgumentException("--history-cache-mb is a size in MB (0 for none), not " + historyCacheMb);
            }
            try {
                org.threeten.extra.PeriodDuration.parse(auditRetention);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("--audit-retention must be an ISO 8601 duration such as P1Y or P90D, not "
                        + auditRetention);
            }
            return Settings.embedded(dataDir, port).with(copy -> {
                copy.host = host;
                copy.dbUrl = dbUrl;
                copy.dbUser = dbUser;
                copy.dbPassword = dbPassword;
                copy.dbReadUrl = dbReadUrl;
                copy.dbPoolSize = dbPoolSize;
                copy.maxBodyBytes = maxBodySize;
                copy.maxBatchSize = maxBatchSize;
                copy.contexts = new ContextLimits(contextTimeout, maxContextSize, maxContextImports,
                        contextCacheSize * 1024 * 1024, contextCacheTtl);
                copy.shutdownTimeout = shutdownTimeout;
                copy.retentionRules = retention == null ? List.of() : retention;
                copy.maxHistoryInstances = maxHistoryInstances;
                copy.maxHistoryValues = maxHistoryValues;
                copy.delivery = DeliverySettings.DEFAULT.withTimeout(notificationTimeout).withMaxPending(maxPendingNotifications);
                copy.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl;
                copy.catalogPublisher = catalogPublisher;
                copy.ldesPageSize = ldesPageSize;
                copy.security = new SecuritySettings(auth.equals("on"), System.getenv("BELFORT_ADMIN_KEY"), oidc(),
                        anonymousRate, clientRate, trustedProxies == null ? java.util.Set.of() : java.util.Set.copyOf(trustedProxies),
                        allowPrivateOutbound, auditRetention,
                        allowOutboundTo == null ? java.util.Set.of() : java.util.Set.copyOf(allowOutboundTo));
                copy.dbWaits = new Settings.DatabaseWaits(dbConnectionWait, dbLockWait);
                copy.ingestion = new be.belfort.ingestion.IngestionSettings(ingestionMaxMessageBytes, ingestionMaxFuture,
                        ingestionBatchSize, ingestionLinger, mqttBroker());
                copy.cors = new CorsPolicy(corsOrigins == null ? List.of("*") : corsOrigins);
                copy.dashboard = dashboard();
                copy.federation = new be.belfort.federation.FederationSettings(federationTimeout,
                        federationMaxAnswerSize * 1024 * 1024);
                copy.console = new be.belfort.console.ConsoleSettings(consoleIdleTimeout, consoleSessionLifetime,
                        oidcClientId, oidcClientSecret);
                copy.datapedia = new be.belfort.datapedia.DatapediaSettings(datapediaRecomputeInterval,
                        datapediaHarvestInterval, DatapediaSettings.DEFAULT.harvestTimeout(),
                        DatapediaSettings.DEFAULT.maxCatalogueBytes());
                copy.admission = new be.belfort.api.AdmissionLimits(
                        maxConcurrentRequests == 0 ? 2 * dbPoolSize : maxConcurrentRequests, maxRequestWait);
                copy.writes = new be.belfort.model.GroupCommitSettings(writeGroupMax, writeGroupLanes, writeQueue);
                copy.entityCacheMb = entityCacheMb;
                copy.historyCacheMb = historyCacheMb;
                copy.warmUp = warmUp;
            });
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the platform (an embedded PostgreSQL unless --db-url is given).")
    static final class Start implements Callable<Integer> {
        @Mixin
        PlatformOptions options;

        @Override
        public Integer call() throws InterruptedException {
            Settings settings = options.settings();
            Platform platform = Platform.start(settings);
            CountDownLatch stopped = stopOnShutdown(platform, null);
            printWhereToLook(platform, settings);
            System.out.println("Stop with Ctrl+C.");
            stopped.await();
            return 0;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Start the platform with a living demo region: six Flemish cities as tenants, parking,"
                    + " crowdedness, air quality and accessible buildings, written through the public API.")
    static final class DemoCommand implements Callable<Integer> {
        @Mixin
        PlatformOptions options;

        @Option(names = "--demo-interval", defaultValue = "${env:BELFORT_DEMO_INTERVAL:-PT5S}",
                description = "Time between demo updates, ISO 8601 (env BELFORT_DEMO_INTERVAL; default ${DEFAULT-VALUE}).")
        Duration interval;

        @Option(names = "--demo-max-rps", defaultValue = "${env:BELFORT_DEMO_MAX_RPS:-20}",
                description = "Most demo requests per second (env BELFORT_DEMO_MAX_RPS; default ${DEFAULT-VALUE}).")
        int maxRequestsPerSecond;

        @Option(names = "--demo-history-days", defaultValue = "${env:BELFORT_DEMO_HISTORY_DAYS:-90}",
                description = "Days of simulated history the demo writes for its sensors on its first start, in the"
                        + " background through the temporal API; 0 for none (env BELFORT_DEMO_HISTORY_DAYS;"
                        + " default ${DEFAULT-VALUE}).")
        int historyDays;

        @Override
        public Integer call() throws InterruptedException {
            // What the demo serves on this machine in a city's place (a DATEX II feed, an open data portal, Brugge's own
            // broker) starts first, so that the platform may call exactly those origins on the loopback address.
            DemoDatex2Feed datex2 = DemoDatex2Feed.serve(42, Clock.systemUTC());
            Runtime.getRuntime().addShutdownHook(new Thread(datex2::close, "belfort-demo-datex2"));
            DemoDatapedia datapedia = DemoDatapedia.serve();
            Runtime.getRuntime().addShutdownHook(new Thread(datapedia::close, "belfort-demo-portal"));
            Settings regionSettings = options.settings();
            Platform cityBroker = startCityBroker(regionSettings);
            java.util.Set<String> demoOrigins = new java.util.HashSet<>(regionSettings.security().outboundOrigins());
            demoOrigins.add(origin(datex2.statusUrl()));
            demoOrigins.add(origin(datex2.tableUrl()));
            demoOrigins.add(origin(datapedia.catalogueUrl()));
            if (cityBroker != null) {
                demoOrigins.add("http://127.0.0.1:" + cityBroker.port());
            }
            Settings settings = regionSettings.withSecurity(regionSettings.security().withOutboundOrigins(demoOrigins));
            Platform platform = Platform.start(settings);
            DemoFeeder feeder = new DemoFeeder(URI.create("http://127.0.0.1:" + platform.port()),
                    new DemoSettings(interval, maxRequestsPerSecond, 42, Clock.systemUTC()), platform.adminKey())
                    .withDatex2Feed(datex2).start();
            CountDownLatch stopped = stopOnShutdown(platform, feeder);
            printWhereToLook(platform, settings);
            awaitFirstRound(feeder);
            if (historyDays > 0) {
                new HistoryBackfill(URI.create("http://127.0.0.1:" + platform.port()), new DemoRegion(42),
                        platform.adminKey(), Duration.ofDays(historyDays), Duration.ofMinutes(30))
                        .startInBackground(Clock.systemUTC().instant());
            }
            if (!datapedia.seed(URI.create("http://127.0.0.1:" + platform.port()), platform.adminKey())) {
                System.out.println("The demo's datapedia questions could not all be written (see the log).");
            }
            System.out.println("Kortrijk's car parks (simulated) arrive as a DATEX II feed the demo serves at "
                    + datex2.statusUrl() + ", polled by the platform every minute: device " + DemoDatex2Feed.DEVICE
                    + " (curl -H 'fiware-service: kortrijk' -H 'X-API-Key: …' http://localhost:" + platform.port()
                    + "/iot/devices/" + DemoDatex2Feed.DEVICE + ")");
            joinCityBroker(platform, cityBroker);
            System.out.println("Demo region (tenant: entities by type), updated every " + interval.toSeconds() + " s:");
            System.out.print(feeder.status().describe());
            String entities = "http://localhost:" + platform.port() + "/ngsi-ld/v1/entities";
            System.out.println("Try: curl -H 'NGSILD-Tenant: gent' '" + entities
                    + "/urn:ngsi-ld:OffStreetParking:gent-P1?options=keyValues'");
            System.out.println("     curl -H 'NGSILD-Tenant: gent' '" + entities
                    + "?type=OffStreetParking&q=availableSpotNumber%3E100&options=keyValues'");
            System.out.println("     curl -H 'NGSILD-Tenant: gent' -H 'Accept: application/geo+json' '" + entities
                    + "?georel=near%3BmaxDistance%3D%3D1000&geometry=Point&coordinates=%5B3.7249,51.0536%5D'");
            if (cityBroker != null) {
                System.out.println("     curl -H 'NGSILD-Tenant: " + FederatedCity.TENANT + "' '" + entities
                        + "?type=OffStreetParking&options=keyValues'   (answered from Brugge's own broker on port "
                        + cityBroker.port() + ")");
                System.out.println("     Brugge on the dashboard: http://localhost:" + platform.port() + "/dashboard/cities/"
                        + FederatedCity.TENANT + " and in the catalogue: http://localhost:" + platform.port()
                        + "/catalog/" + FederatedCity.TENANT);
            }
            System.out.println("Stop with Ctrl+C.");
            stopped.await();
            return 0;
        }

        /**
         * Brugge's own broker: a second platform on another port with its own embedded database, for Brugge's car
         * parks. Null when it could not start.
         */
        private static Platform startCityBroker(Settings settings) {
            try {
                java.nio.file.Path directory = settings.dataDirectory() != null
                        ? settings.dataDirectory().resolve("city-broker-" + FederatedCity.TENANT)
                        : java.nio.file.Files.createTempDirectory("belfort-city-broker");
                Platform city = Platform.start(Settings.embedded(directory, 0).withAuth(true, null)
                        .with(copy -> copy.host = "127.0.0.1"));
                Runtime.getRuntime().addShutdownHook(new Thread(city::close, "belfort-demo-city-broker"));
                return city;
            } catch (java.io.IOException | RuntimeException e) {
                System.out.println("The demo's city broker could not start: " + e.getMessage());
                return null;
            }
        }

        /** Writes Brugge's car parks to its broker and registers that broker with the region as a context source. */
        private static void joinCityBroker(Platform region, Platform city) {
            if (city != null && !new FederatedCity().join(URI.create("http://127.0.0.1:" + region.port()),
                    region.adminKey(), URI.create("http://127.0.0.1:" + city.port()), city.adminKey())) {
                System.out.println("The demo's city broker could not be registered with the region (see the log).");
            }
        }

        private static String origin(URI url) {
            return url.getScheme() + "://" + url.getHost() + ":" + url.getPort();
        }

        private static void awaitFirstRound(DemoFeeder feeder) throws InterruptedException {
            for (int i = 0; i < 300 && feeder.status().rounds() == 0; i++) {
                Thread.sleep(100);
            }
        }
    }

    private static CountDownLatch stopOnShutdown(Platform platform, DemoFeeder feeder) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (feeder != null) {
                feeder.close();
            }
            platform.close();
            stopped.countDown();
        }, "belfort-shutdown"));
        return stopped;
    }

    private static void printWhereToLook(Platform platform, Settings settings) {
        String base = "http://localhost:" + platform.port();
        System.out.println();
        System.out.println("Belfort is running.");
        System.out.println("  Dashboard     " + base + "/   (open it in a browser: the region, its cities, open data)");
        System.out.println("  Console       " + base + "/console   (sign in with the admin key: keys, datasets, audit)");
        System.out.println("  Datapedia     " + base + "/datapedia   (policy questions and the diagnosis of their data)");
        System.out.println("  NGSI-LD API   " + base + "/ngsi-ld/v1/entities (query), /entities/{id}");
        System.out.println("  History       " + base + "/ngsi-ld/v1/temporal/entities");
        System.out.println("  Discovery     " + base + "/ngsi-ld/v1/types, /attributes");
        System.out.println("  Batch         " + base + "/ngsi-ld/v1/entityOperations/upsert");
        System.out.println("  Subscriptions " + base + "/ngsi-ld/v1/subscriptions (HTTP and MQTT notifications)");
        System.out.println("  @contexts     " + base + "/ngsi-ld/v1/jsonldContexts");
        System.out.println("  Health        " + base + "/health/live (the process), /health/ready (and its database)");
        System.out.println("  Metrics       " + base + "/metrics");
        System.out.println("  Database      " + platform.databaseDescription());
        if (platform.adminKey() != null) {
            System.out.println("  Admin key     " + platform.adminKey() + "   (send as X-API-Key; set BELFORT_ADMIN_KEY"
                    + " to choose it; writes need a key, see docs/security.md)");
            if (settings.security().oidc() != null) {
                System.out.println("  Tokens        bearer tokens from " + settings.security().oidc().issuer()
                        + " for audience " + settings.security().oidc().audience());
            }
        } else {
            System.out.println("  Access        OFF (--auth off): anyone may read and change everything");
        }
    }
}
