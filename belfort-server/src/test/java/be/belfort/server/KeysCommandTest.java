package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code belfort keys}: creating, listing and revoking keys of a running platform from the command line. */
class KeysCommandTest {
    private static final String ADMIN_KEY = "test-admin-key-0123456789";
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, ADMIN_KEY));
        http = new Http(platform.port());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    /** What a run printed and how it ended. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run belfort(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, 2);
        all[2] = "--url";
        all[3] = "http://127.0.0.1:" + platform.port();
        System.arraycopy(args, 2, all, 4, args.length - 2);
        return new Run(commandLine.execute(all), out.toString(), err.toString());
    }

    @Test
    void aKeyCreatedOnTheCommandLineWorksUntilItIsRevoked() {
        Run created = belfort("keys", "create", "--key", ADMIN_KEY, "--tenant", "cli-gent", "--role", "publisher",
                "--description", "parking sensors");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String key = created.out().trim();
        assertThat(key).startsWith("blf_");
        assertThat(created.err()).contains("publisher in cli-gent").contains("not shown again");
        assertThat(http.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Sensor:cli\", \"type\": \"Sensor\"}",
                "NGSILD-Tenant", "cli-gent", "X-API-Key", key).status()).isEqualTo(201);

        String id = key.substring(4, key.indexOf('_', 4));
        Run listed = belfort("keys", "list", "--key", ADMIN_KEY, "--tenant", "cli-gent");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).contains(id).contains("publisher").contains("active").contains("parking sensors")
                .doesNotContain(key.substring(key.indexOf('_', 4) + 1));

        Run revoked = belfort("keys", "revoke", "--key", ADMIN_KEY, id);
        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        assertThat(belfort("keys", "list", "--key", ADMIN_KEY, "--tenant", "cli-gent").out()).contains("revoked");
        assertThat(http.get("/ngsi-ld/v1/types", "NGSILD-Tenant", "cli-gent", "X-API-Key", key).status()).isEqualTo(401);
    }

    @Test
    void refusalsAreExplainedAndEndWithAFailingExitCode() {
        Run unauthorised = belfort("keys", "create", "--key", "blf_0000_wrong", "--role", "admin");
        assertThat(unauthorised.exitCode()).isEqualTo(1);
        assertThat(unauthorised.err()).contains("401").contains("not valid");
        Run badRole = belfort("keys", "create", "--key", ADMIN_KEY, "--tenant", "cli-gent", "--role", "owner");
        assertThat(badRole.exitCode()).isEqualTo(1);
        assertThat(badRole.err()).contains("400").contains("role must be");
        Run unknown = belfort("keys", "revoke", "--key", ADMIN_KEY, "0000000000000000");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("404");
    }
}
