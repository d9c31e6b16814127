package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code belfort keys}: API keys of a running platform, managed through its admin API (so that every change
 * is checked and audited like any other), with an admin or tenant-admin key.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, list and revoke API keys of a running platform (through its admin API).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = PlatformClient.JSON;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Where the platform is and whose key manages the keys. */
    static final class Connection {
        @Option(names = "--url", defaultValue = "${env:BELFORT_URL:-http://localhost:8080}",
                description = "The platform's base URL (env BELFORT_URL; default ${DEFAULT-VALUE}).")
        URI url;

        @Option(names = "--key", defaultValue = "${env:BELFORT_ADMIN_KEY}",
                description = "An admin key, or a tenant-admin key for keys of its tenant (env BELFORT_ADMIN_KEY).")
        String key;

        /** The answer's JSON body, or an explanation on stderr and null when the platform refused. */
        JsonNode send(CommandSpec spec, String method, String path, String body) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("give --key (or set BELFORT_ADMIN_KEY): managing keys needs one");
            }
            return PlatformClient.send(spec, url, key, method, path, "application/json", body);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key; it is shown this once, so store it right away.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Connection connection;

        @Option(names = "--role", required = true, description = "admin, tenant-admin, publisher or reader.")
        String role;

        @Option(names = "--tenant", description = "The tenant the role holds in (none for an admin key).")
        String tenant;

        @Option(names = "--description", description = "What the key is for, such as the device or script.")
        String description;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode().put("role", role);
            if (tenant != null) {
                body.put("tenant", tenant);
            }
            if (description != null) {
                body.put("description", description);
            }
            JsonNode created = connection.send(spec, "POST", "/admin/keys", body.toString());
            if (created == null) {
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(created.get("key").asText());
            spec.commandLine().getErr().println("Key " + created.get("id").asText() + " (" + describe(created)
                    + "). It is not shown again: store it now.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys: id, role, tenant, state.")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Connection connection;

        @Option(names = "--tenant", description = "Only this tenant's keys (needed with a tenant-admin key).")
        String tenant;

        @Override
        public Integer call() {
            String path = "/admin/keys" + (tenant == null ? "" : "?tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8));
            JsonNode keys = connection.send(spec, "GET", path, null);
            if (keys == null) {
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-18s %-13s %-16s %-9s %s%n", "ID", "ROLE", "TENANT", "STATE", "DESCRIPTION");
            for (JsonNode key : keys) {
                out.printf("%-18s %-13s %-16s %-9s %s%n", key.get("id").asText(), key.get("role").asText(),
                        key.path("tenant").asText("(all)"), key.has("revokedAt") ? "revoked" : "active",
                        key.path("description").asText(""));
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key: it stops working at once.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Connection connection;

        @Parameters(paramLabel = "ID", description = "The key's id, as listed (in the key, the part between blf_ and the next _).")
        String id;

        @Override
        public Integer call() {
            if (connection.send(spec, "DELETE", "/admin/keys/" + URLEncoder.encode(id, StandardCharsets.UTF_8), null) == null) {
                return 1;
            }
            spec.commandLine().getErr().println("Key " + id + " revoked.");
            return 0;
        }
    }

    private static String describe(JsonNode key) {
        return key.get("role").asText() + (key.has("tenant") ? " in " + key.get("tenant").asText() : " in every tenant");
    }
}
