package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code belfort devices}: provisioning from JSON and CSV files, listing and showing devices' status. */
class DevicesCommandTest {
    private static final String ADMIN_KEY = "devices-admin-key-0123456789";
    private static final String TENANT = "cli-devices";
    private static Platform platform;
    private static Http http;
    private static String publisher;

    @BeforeAll
    static void start() {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, ADMIN_KEY));
        http = new Http(platform.port());
        publisher = key("publisher");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String key(String role) {
        Http.Answer answer = http.post("/admin/keys", "{\"tenant\": \"" + TENANT + "\", \"role\": \"" + role + "\"}",
                "X-API-Key", ADMIN_KEY);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("key").asText();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run belfort(String key, String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", "http://127.0.0.1:" + platform.port(), "--key", key, "--tenant", TENANT));
        return new Run(commandLine.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    private static Path file(String name, String content) throws IOException {
        Path file = Files.createTempDirectory("devices").resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void devicesProvisionedFromFilesSendAndTheirStatusIsShown() throws IOException {
        Path json = file("gent.json", """
                {"services": [{"apikey": "cli-key-0001", "resource": "/iot/json", "entity_type": "NoiseLevelObserved",
                  "attributes": [{"object_id": "l", "name": "LAeq", "type": "Number"}]}],
                 "devices": [{"device_id": "noise-json"}]}""");
        Run provisioned = belfort(publisher, "devices", "provision", json.toString());
        assertThat(provisioned.exitCode()).as(provisioned.err()).isZero();
        assertThat(provisioned.err()).contains("1 device groups provisioned").contains("1 devices provisioned");

        Path csv = file("more.csv", "device_id,latitude,longitude,street\nnoise-csv,51.05,3.72,Korenmarkt\n");
        Run fromCsv = belfort(publisher, "devices", "provision", csv.toString());
        assertThat(fromCsv.exitCode()).as(fromCsv.err()).isZero();

        assertThat(http.post("/iot/json?k=cli-key-0001&i=noise-csv", "{\"l\": 61.5}").status()).isEqualTo(200);
        assertThat(http.post("/iot/json?k=cli-key-0001&i=noise-csv", "{\"l\": \"loud\"}").status()).isEqualTo(400);

        Run listed = belfort(publisher, "devices", "list");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("noise-json").containsPattern("noise-csv\\s+\\S+\\s+1\\s+1\\s+'l': expected a number");
        assertThat(listed.err()).contains("2 of 2 devices");

        Run shown = belfort(publisher, "devices", "show", "noise-csv");
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("urn:ngsi-ld:NoiseLevelObserved:noise-csv").contains("Accepted  1")
                .contains("Refused   1").contains("expected a number, got 'loud'");
    }

    @Test
    void refusalsAreSaidInOneLine() throws IOException {
        Run duplicate = belfort(publisher, "devices", "provision",
                file("twice.json", "{\"devices\": [{\"device_id\": \"x\"}, {\"device_id\": \"x\"}]}").toString());
        assertThat(duplicate.exitCode()).isEqualTo(1);
        assertThat(duplicate.err()).contains("400").contains("names a device_id twice");
        Run reader = belfort(key("reader"), "devices", "list");
        assertThat(reader.exitCode()).isEqualTo(1);
        assertThat(reader.err()).contains("403");
        Run unknown = belfort(publisher, "devices", "show", "nobody");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("404").contains("No device 'nobody'");
    }
}
