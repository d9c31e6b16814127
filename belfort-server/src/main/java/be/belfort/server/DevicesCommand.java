package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code belfort devices}: the device registry of a running platform, through its IoT Agent provisioning API (so
 * that every change is checked and audited like any other), with a publisher key of the tenant.
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Provision, list and show the devices of a tenant on a running platform (its /iot API).",
        subcommands = {DevicesCommand.Provision.class, DevicesCommand.ListDevices.class, DevicesCommand.Show.class})
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Where the platform is, whose key provisions, and in which tenant. */
    static final class Connection {
        @Option(names = "--url", defaultValue = "${env:BELFORT_URL:-http://localhost:8080}",
                description = "The platform's base URL (env BELFORT_URL; default ${DEFAULT-VALUE}).")
        URI url;

        @Option(names = "--key", defaultValue = "${env:BELFORT_API_KEY}",
                description = "A publisher key of the tenant (env BELFORT_API_KEY).")
        String key;

        @Option(names = "--tenant", required = true, description = "The tenant (the IoT Agents' fiware-service).")
        String tenant;

        JsonNode send(CommandSpec spec, String method, String path, String contentType, String body) {
            return PlatformClient.send(spec, url, key, method, path, contentType, body, "fiware-service", tenant);
        }
    }

    @Command(name = "provision", mixinStandardHelpOptions = true,
            description = "Provision from a file: a CSV of devices (one per row, header first), or an IoT Agent JSON"
                    + " document with \"services\" (device groups) and/or \"devices\". All of a file, or none.")
    static final class Provision implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "FILE", description = "The .csv or .json file.")
        Path file;

        @Override
        public Integer call() throws IOException {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            PrintWriter err = spec.commandLine().getErr();
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                if (connection.send(spec, "POST", "/iot/devices", "text/csv", content) == null) {
                    return 1;
                }
                err.println("Devices of " + file + " provisioned in " + connection.tenant + ".");
                return 0;
            }
            JsonNode document;
            try {
                document = PlatformClient.JSON.readTree(content);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " is neither CSV (.csv) nor JSON: " + e.getMessage());
            }
            if (document == null || !document.has("services") && !document.has("devices")) {
                throw new IllegalArgumentException(file + " has no \"services\" or \"devices\" array");
            }
            for (String member : new String[] {"services", "devices"}) {
                if (document.has(member)) {
                    String body = PlatformClient.JSON.createObjectNode().set(member, document.get(member)).toString();
                    if (connection.send(spec, "POST", "/iot/" + member, "application/json", body) == null) {
                        return 1;
                    }
                    err.println(document.get(member).size() + " " + (member.equals("services") ? "device groups" : "devices")
                            + " provisioned in " + connection.tenant + ".");
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List devices with their status: last seen, measurements accepted and refused, last refusal.")
    static final class ListDevices implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        @Option(names = "--limit", defaultValue = "100", description = "Most devices shown (at most 1000; default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--offset", defaultValue = "0", description = "Devices skipped first (default ${DEFAULT-VALUE}).")
        int offset;

        @Override
        public Integer call() {
            JsonNode page = connection.send(spec, "GET", "/iot/devices?limit=" + limit + "&offset=" + offset,
                    "application/json", null);
            if (page == null) {
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-24s %-24s %-10s %-10s %s%n", "DEVICE", "LAST SEEN", "ACCEPTED", "REFUSED", "LAST REFUSAL");
            for (JsonNode device : page.path("devices")) {
                JsonNode status = device.path("status");
                out.printf("%-24s %-24s %-10d %-10d %s%n", device.path("device_id").asText(),
                        status.path("lastSeen").asText("never"), status.path("accepted").asLong(),
                        status.path("refused").asLong(), status.path("lastErrors").path(0).path("reason").asText(""));
            }
            spec.commandLine().getErr().println(page.path("devices").size() + " of " + page.path("count").asLong()
                    + " devices in " + connection.tenant + ".");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a device: the entity it feeds and its status with the last refusals and their reasons.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "DEVICE_ID", description = "The device's id.")
        String deviceId;

        @Option(names = "--json", description = "Print the device as the API gives it.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode device = connection.send(spec, "GET", "/iot/devices/" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8)
                    .replace("+", "%20"), "application/json", null);
            if (device == null) {
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(device.toPrettyString());
                return 0;
            }
            JsonNode status = device.path("status");
            out.println("Device    " + device.path("device_id").asText());
            out.println("Entity    " + device.path("entity_name").asText() + " (" + device.path("entity_type").asText() + ")");
            out.println("Last seen " + status.path("lastSeen").asText("never"));
            out.println("Accepted  " + status.path("accepted").asLong());
            out.println("Refused   " + status.path("refused").asLong());
            for (JsonNode error : status.path("lastErrors")) {
                out.println("  " + error.path("at").asText() + "  " + error.path("reason").asText());
            }
            return 0;
        }
    }
}
