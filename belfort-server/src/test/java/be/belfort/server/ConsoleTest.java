package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff console over HTTP on a real platform with access control on: sessions, the form token, what each
 * person may reach, and that every action lands in the same services and audit log as the admin API.
 */
class ConsoleTest {
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, null)
                .withPrivateOutbound(true));
        http = new Http(platform.port());
        for (String tenant : List.of("gent", "leuven")) {
            Http.Answer created = http.post("/ngsi-ld/v1/entities", """
                    {"id": "urn:ngsi-ld:OffStreetParking:%s-P1", "type": "OffStreetParking",
                     "availableSpotNumber": {"type": "Property", "value": 12}}""".formatted(tenant),
                    "NGSILD-Tenant", tenant, "X-API-Key", platform.adminKey());
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    /** A new key of the tenant with the role, made through the admin API: its id and secret. */
    private static String[] key(String tenant, String role) {
        Http.Answer created = http.post("/admin/keys", "{\"tenant\": \"" + tenant + "\", \"role\": \"" + role
                + "\", \"description\": \"test\"}", "X-API-Key", platform.adminKey());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new String[] {created.json().path("id").asText(), created.json().path("key").asText()};
    }

    @Test
    void signingInGivesAStrictHttpOnlySessionCookieAndLeadsBackToThePageAsked() {
        ConsoleSession browser = new ConsoleSession(platform.port());
        HttpResponse<String> asked = browser.get("/console/cities/gent/keys");
        assertThat(asked.statusCode()).isEqualTo(303);
        assertThat(asked.headers().firstValue("Location")).hasValue("/console/sign-in?return=%2Fconsole%2Fcities%2Fgent%2Fkeys");

        HttpResponse<String> signedIn = browser.signIn(platform.adminKey(), "/console/cities/gent/keys");
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/console/cities/gent/keys");
        String cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("belfort-console="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/console").doesNotContain("Secure");
        HttpResponse<String> page = browser.get("/console/cities/gent/keys");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
        assertThat(page.body()).contains("API-sleutels van Gent");
    }

    @Test
    void aWrongKeyIsRefusedAndTheRefusalIsAudited() {
        ConsoleSession browser = new ConsoleSession(platform.port());
        HttpResponse<String> refused = browser.signIn("blf_nothing_wrong", "/console");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("Deze sleutel is onbekend, ingetrokken of onjuist.");
        assertThat(browser.get("/console").statusCode()).isEqualTo(303);
    }

    @Test
    void onlyPathsOfTheConsoleItselfAreFollowedAfterSignIn() {
        for (String elsewhere : List.of("//evil.example/console", "https://evil.example/console", "/\\evil.example",
                "/console/../admin", "/console//evil.example", "/console/%2F%2Fevil.example", "javascript:alert(1)",
                "/dashboard")) {
            ConsoleSession browser = new ConsoleSession(platform.port());
            HttpResponse<String> signedIn = browser.signIn(platform.adminKey(), elsewhere);
            assertThat(signedIn.headers().firstValue("Location")).as(elsewhere).hasValue("/console");
        }
    }

    @Test
    void aFormWithoutTheSessionsTokenIsRefusedAndChangesNothing() {
        String[] admin = key("gent", "tenant-admin");
        ConsoleSession browser = new ConsoleSession(platform.port());
        browser.signIn(admin[1], "/console");
        int keysBefore = http.get("/admin/keys?tenant=gent", "X-API-Key", platform.adminKey()).json().size();
        HttpResponse<String> withoutToken = browser.post("/console/cities/gent/keys", List.of("name", "sensor", "role",
                "publisher"));
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        HttpResponse<String> forgedToken = browser.post("/console/cities/gent/keys", List.of("name", "sensor", "role",
                "publisher", "csrf", "forged"));
        assertThat(forgedToken.statusCode()).isEqualTo(403);
        HttpResponse<String> signOutForged = browser.post("/console/sign-out", List.of("csrf", "forged"));
        assertThat(signOutForged.statusCode()).isEqualTo(403);
        assertThat(http.get("/admin/keys?tenant=gent", "X-API-Key", platform.adminKey()).json().size()).isEqualTo(keysBefore);
        assertThat(browser.get("/console/cities/gent/keys").statusCode()).isEqualTo(200);
    }

    @Test
    void aCityAdminCannotSeeNorReachAnotherCitysPagesNotEvenByUrl() {
        String[] gentAdmin = key("gent", "tenant-admin");
        String[] leuvenKey = key("leuven", "publisher");
        ConsoleSession browser = new ConsoleSession(platform.port());
        browser.signIn(gentAdmin[1], "/console");
        HttpResponse<String> home = browser.get("/console");
        assertThat(home.body()).contains("data-city=\"gent\"").doesNotContain("data-city=\"leuven\"");
        for (String path : List.of("/console/cities/leuven/keys", "/console/cities/leuven/datasets",
                "/console/cities/leuven/datasets/OffStreetParking", "/console/cities/leuven/audit",
                "/console/cities/leuven/audit.csv", "/console/cities/leuven/keys/" + leuvenKey[0] + "/revoke",
                "/console/cities/gent/keys/" + leuvenKey[0] + "/revoke", "/console/cities/atlantis/keys",
                "/console/health")) {
            HttpResponse<String> page = browser.get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path).contains("Deze pagina bestaat niet, of u hebt er geen toegang toe.");
        }
        HttpResponse<String> revoke = browser.submit("/console/cities/gent/keys/" + leuvenKey[0] + "/revoke");
        assertThat(revoke.statusCode()).isEqualTo(404);
        HttpResponse<String> create = browser.submit("/console/cities/leuven/keys", "name", "x", "role", "publisher");
        assertThat(create.statusCode()).isEqualTo(404);
        assertThat(http.get("/ngsi-ld/v1/types", "NGSILD-Tenant", "leuven", "X-API-Key", leuvenKey[1]).status())
                .as("the other city's key still works").isEqualTo(200);
    }

    @Test
    void aRevokedKeysSessionEnds() {
        String[] admin = key("gent", "tenant-admin");
        ConsoleSession browser = new ConsoleSession(platform.port());
        browser.signIn(admin[1], "/console");
        assertThat(browser.get("/console/cities/gent/datasets").statusCode()).isEqualTo(200);
        assertThat(http.delete("/admin/keys/" + admin[0], "X-API-Key", platform.adminKey()).status()).isEqualTo(204);
        HttpResponse<String> after = browser.get("/console/cities/gent/datasets");
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.headers().firstValue("Location").orElseThrow()).startsWith("/console/sign-in?return=");
    }

    @Test
    void anIdleSessionLeadsBackToSignInKeepingThePageAsked() throws Exception {
        String[] admin = key("gent", "tenant-admin");
        ConsoleSession browser = new ConsoleSession(platform.port());
        browser.signIn(admin[1], "/console");
        try (Connection connection = platform.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE console_sessions SET last_seen_at = now() - interval '31 minutes'"
                    + " WHERE principal = '" + admin[0] + "'");
        }
        HttpResponse<String> expired = browser.get("/console/cities/gent/audit?operation=keys");
        assertThat(expired.statusCode()).isEqualTo(303);
        String signInPage = expired.headers().firstValue("Location").orElseThrow();
        assertThat(signInPage).isEqualTo("/console/sign-in?return=%2Fconsole%2Fcities%2Fgent%2Faudit%3Foperation%3Dkeys");
        assertThat(browser.get(signInPage).body()).contains("Uw sessie is verlopen");
        HttpResponse<String> again = browser.signIn(admin[1], "/console/cities/gent/audit?operation=keys");
        assertThat(again.headers().firstValue("Location")).hasValue("/console/cities/gent/audit?operation=keys");
    }

    @Test
    void aKeyMadeInTheConsoleIsShownOnceWorksOnTheApiAndIsAuditedAsTheApiCall() {
        String[] admin = key("gent", "tenant-admin");
        ConsoleSession browser = new ConsoleSession(platform.port());
        browser.signIn(admin[1], "/console");
        browser.get("/console/cities/gent/keys");
        HttpResponse<String> missing = browser.submit("/console/cities/gent/keys", "name", "  ", "role", "admin");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("id=\"name-error\"", "Vul dit veld in.", "id=\"role-error\"");
        browser.get("/console/cities/gent/keys");
        HttpResponse<String> created = browser.submit("/console/cities/gent/keys", "name", "parking sensors", "role",
                "publisher");
        assertThat(created.statusCode()).isEqualTo(201);
        java.util.regex.Matcher secret = java.util.regex.Pattern.compile("id=\"new-key\">(blf_[^<]+)<").matcher(created.body());
        assertThat(secret.find()).isTrue();
        assertThat(created.body()).contains("Bewaar deze sleutel nu");
        Http.Answer written = http.post("/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:OffStreetParking:gent-console", "type": "OffStreetParking"}""",
                "NGSILD-Tenant", "gent", "X-API-Key", secret.group(1));
        assertThat(written.status()).as(written.body()).isEqualTo(201);
        assertThat(browser.get("/console/cities/gent/keys").body()).doesNotContain(secret.group(1));

        Http.Answer audit = http.get("/admin/audit/gent?limit=1000", "X-API-Key", platform.adminKey());
        assertThat(audit.json().findValuesAsText("operation")).contains("POST /admin/keys");
        assertThat(audit.body()).contains("\"principal\":\"" + admin[0] + "\"");
    }

    @Test
    void theDatasetFormKeepsWhatWasTypedNamesEachMistakeAndSavesNothingUntilItIsRight() {
        ConsoleSession browser = new ConsoleSession(platform.port());
        browser.signIn(platform.adminKey(), "/console");
        browser.get("/console/cities/gent/datasets/OffStreetParking");
        HttpResponse<String> wrong = browser.submit("/console/cities/gent/datasets/OffStreetParking", "action", "save",
                "accessLevel", "open", "titleNl", "Parkings <b>Gent</b>", "descriptionNl", "", "publisherName", "Stad Gent",
                "publisherId", "not a uri", "contactPoint", "nobody", "license", "gpl", "keywords", "parking, mobiliteit");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("value=\"Parkings &lt;b>Gent&lt;/b>\"", "value=\"parking, mobiliteit\"",
                "id=\"descriptionNl-error\"", "id=\"publisherId-error\"", "id=\"contactPoint-error\"", "id=\"license-error\"",
                "Geef een e-mailadres");
        assertThat(http.get("/admin/datasets/gent/OffStreetParking", "X-API-Key", platform.adminKey()).status()).isEqualTo(404);

        String[] fields = {"accessLevel", "open", "titleNl", "Parkings van Gent", "titleEn", "Car parks of Ghent",
                "descriptionNl", "Vrije plaatsen per parking", "descriptionEn", "Free spaces per car park",
                "publisherName", "Stad Gent", "publisherId", "https://data.vlaanderen.be/id/organisatie/OVO002949",
                "contactPoint", "opendata@stad.gent", "license", "cc0", "themes", "TRAN", "themes", "REGI",
                "keywords", "parking, mobiliteit", "updateFrequency", "CONT", "personalAttributes", ""};
        String[] save = java.util.stream.Stream.concat(java.util.stream.Stream.of("action", "save"),
                java.util.Arrays.stream(fields)).toArray(String[]::new);
        HttpResponse<String> preview = browser.submit("/console/cities/gent/datasets/OffStreetParking", save);
        assertThat(preview.statusCode()).as("opening shows the catalogue entry first").isEqualTo(200);
        assertThat(preview.body()).contains("id=\"preview\"", "Parkings van Gent", "Publiek domein (CC0 1.0)");
        assertThat(http.get("/admin/datasets/gent/OffStreetParking", "X-API-Key", platform.adminKey()).status()).isEqualTo(404);

        String[] confirm = java.util.stream.Stream.concat(java.util.stream.Stream.of("action", "confirm"),
                java.util.Arrays.stream(fields)).toArray(String[]::new);
        HttpResponse<String> saved = browser.submit("/console/cities/gent/datasets/OffStreetParking", confirm);
        assertThat(saved.statusCode()).isEqualTo(303);
        Http.Answer dataset = http.get("/admin/datasets/gent/OffStreetParking", "X-API-Key", platform.adminKey());
        assertThat(dataset.json().path("accessLevel").asText()).isEqualTo("open");
        assertThat(dataset.json().path("contactPoint").asText()).isEqualTo("mailto:opendata@stad.gent");
        assertThat(dataset.json().path("title").path("en").asText()).isEqualTo("Car parks of Ghent");
        assertThat(http.get("/catalog", "Accept", "text/turtle").body()).contains("Parkings van Gent");
        assertThat(browser.get("/console/cities/gent/datasets").body()).contains("data-access=\"open\"");

        Http.Answer audit = http.get("/admin/audit/gent?limit=1000", "X-API-Key", platform.adminKey());
        assertThat(audit.json().findValuesAsText("operation")).contains("PUT /admin/datasets/{tenant}/{type}");
        HttpResponse<String> refusedOnly = browser.get("/console/cities/gent/audit?operation=datasets&outcome=failure");
        assertThat(refusedOnly.body()).contains("data-status=\"400\"").doesNotContain("data-status=\"201\"");
        HttpResponse<String> csv = browser.get("/console/cities/gent/audit.csv?operation=datasets");
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body().lines().findFirst()).hasValue("at,principal,role,operation,entityId,attributes,status");
        assertThat(csv.body()).contains("PUT /admin/datasets/{tenant}/{type}", ",201", ",400");
    }

    @Test
    void aPublisherSeesTheCitysSubscriptionsWithTheirDeliveryAndPausesAndResumesOne() {
        String[] publisher = key("gent", "publisher");
        String id = "urn:ngsi-ld:Subscription:console-" + System.nanoTime();
        Http.Answer created = http.post("/ngsi-ld/v1/subscriptions", """
                {"id": "%s", "type": "Subscription", "entities": [{"type": "OffStreetParking"}],
                 "notification": {"endpoint": {"uri": "http://user:secret@127.0.0.1:9/notify?token=secret"}}}"""
                .formatted(id), "NGSILD-Tenant", "gent", "X-API-Key", publisher[1]);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        ConsoleSession browser = new ConsoleSession(platform.port());
        browser.signIn(publisher[1], "/console");
        assertThat(browser.get("/console").body()).contains("/console/cities/gent/subscriptions")
                .doesNotContain("/console/cities/gent/keys");
        assertThat(browser.get("/console/cities/gent/keys").statusCode()).as("keys are for city admins").isEqualTo(404);
        HttpResponse<String> list = browser.get("/console/cities/gent/subscriptions");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("data-subscription=\"" + id + "\" data-status=\"active\"",
                "http://127.0.0.1:9/notify").doesNotContain("secret");
        String path = "/console/cities/gent/subscriptions/" + ConsoleSession.encode(id);
        assertThat(browser.submit(path + "/pause").statusCode()).isEqualTo(303);
        assertThat(http.get("/ngsi-ld/v1/subscriptions/" + id, "NGSILD-Tenant", "gent", "X-API-Key", publisher[1])
                .json().path("isActive").asBoolean()).isFalse();
        assertThat(browser.get("/console/cities/gent/subscriptions").body()).contains("data-status=\"paused\"");
        assertThat(browser.submit(path + "/resume").statusCode()).isEqualTo(303);
        assertThat(http.get("/ngsi-ld/v1/subscriptions/" + id, "NGSILD-Tenant", "gent", "X-API-Key", publisher[1])
                .json().path("isActive").asBoolean()).isTrue();
        assertThat(browser.submit("/console/cities/gent/subscriptions/" + ConsoleSession.encode("urn:x:none") + "/pause")
                .statusCode()).isEqualTo(404);
        assertThat(browser.get("/console/cities/leuven/subscriptions").statusCode()).isEqualTo(404);
        Http.Answer audit = http.get("/admin/audit/gent?limit=1000", "X-API-Key", platform.adminKey());
        assertThat(audit.json().findValuesAsText("operation")).contains("PATCH /ngsi-ld/v1/subscriptions/{subscriptionId}");
    }

    @Test
    void aSubscriptionsLastFailureIsShownWithItsReasonKeptInTheDatabaseWithoutTheReceiversSecrets() throws Exception {
        String[] publisher = key("gent", "publisher");
        String id = "urn:ngsi-ld:Subscription:failing-" + System.nanoTime();
        Http.Answer created = http.post("/ngsi-ld/v1/subscriptions", """
                {"id": "%s", "type": "Subscription", "entities": [{"type": "OffStreetParking"}],
                 "notification": {"endpoint": {"uri": "http://sensor:pw@127.0.0.1:9/in?token=s3cret"}}}"""
                .formatted(id), "NGSILD-Tenant", "gent", "X-API-Key", publisher[1]);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        http.patch("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:gent-P1/attrs",
                "{\"availableSpotNumber\": {\"type\": \"Property\", \"value\": 3}}",
                "NGSILD-Tenant", "gent", "X-API-Key", publisher[1]);
        String kept = null;
        for (int i = 0; i < 100 && kept == null; i++) {
            Thread.sleep(200);
            try (Connection connection = platform.dataSource().getConnection();
                 java.sql.PreparedStatement select = connection.prepareStatement(
                         "SELECT last_failure_reason FROM subscriptions WHERE tenant = 'gent' AND id = ?")) {
                select.setString(1, id);
                try (java.sql.ResultSet row = select.executeQuery()) {
                    kept = row.next() ? row.getString(1) : null;
                }
            }
        }
        assertThat(kept).as("saved with the delivery figures").isNotNull().doesNotContain("s3cret", "pw")
                .hasSizeLessThanOrEqualTo(200);
        ConsoleSession browser = new ConsoleSession(platform.port());
        browser.signIn(publisher[1], "/console");
        String page = browser.get("/console/cities/gent/subscriptions").body();
        String row = page.substring(page.indexOf("data-subscription=\"" + id + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains("data-failure-reason", "could not be reached").doesNotContain("s3cret", "pw@");
        assertThat(http.get("/ngsi-ld/v1/subscriptions/" + id, "NGSILD-Tenant", "gent", "X-API-Key", publisher[1])
                .json().path("notification").path("lastFailure").isTextual()).as("the standard member").isTrue();
        http.delete("/ngsi-ld/v1/subscriptions/" + id, "NGSILD-Tenant", "gent", "X-API-Key", publisher[1]);
    }

    @Test
    void thePlatformsHealthIsForPlatformAdminsOnly() {
        ConsoleSession browser = new ConsoleSession(platform.port());
        browser.signIn(platform.adminKey(), "/console");
        HttpResponse<String> health = browser.get("/console/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("id=\"health-database\"", "in orde", "id=\"health-version\"",
                "data-meter=\"belfort_notifications_queued\"", "data-meter=\"belfort_ldes_pages_waiting\"",
                "van event streams die nog moeten sluiten", "(429)");
        assertThat(http.get("/metrics").body()).as("the same figures as /metrics")
                .contains("belfort_ldes_pages_waiting", "belfort_notifications_queued");
        HttpResponse<String> signedOut = browser.submit("/console/sign-out");
        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(browser.get("/console/health").statusCode()).isEqualTo(303);
    }
}
