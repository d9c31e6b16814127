package be.belfort.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** A tenant exists once someone has written to it, and is then remembered without asking the database again. */
class PostgresTenantsTest {
    private static TestDatabase db;

    @BeforeAll
    static void start() {
        db = new TestDatabase("tenants");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void aTenantExistsOnceAnEntityWasWrittenToIt() {
        PostgresTenants tenants = new PostgresTenants(db.database().dataSource());
        assertThat(tenants.exists("gent")).isFalse();
        assertThat(tenants.isKnown("gent")).isFalse();

        db.create("gent", "{\"id\": \"urn:ngsi-ld:Thing:1\", \"type\": \"Thing\"}");

        PostgresTenants fresh = new PostgresTenants(db.database().dataSource());
        assertThat(fresh.isKnown("gent")).isFalse();
        assertThat(fresh.exists("gent")).isTrue();
        assertThat(fresh.isKnown("gent")).as("remembered once seen").isTrue();
        assertThat(fresh.exists("brugge")).isFalse();
        assertThat(fresh.isKnown("brugge")).as("an absent tenant is asked again").isFalse();
    }

    @Test
    void aRememberedTenantIsNotAskedOfTheDatabaseAgain() throws SQLException {
        PostgresTenants tenants = new PostgresTenants(db.database().dataSource());
        execute("INSERT INTO tenants (name) VALUES ('leuven')");
        assertThat(tenants.exists("leuven")).isTrue();

        execute("DELETE FROM tenants WHERE name = 'leuven'");

        assertThat(tenants.exists("leuven")).isTrue();
        assertThat(new PostgresTenants(db.database().dataSource()).exists("leuven")).isFalse();
    }

    @Test
    void theDefaultTenantAlwaysExists() {
        assertThat(new PostgresTenants(db.database().dataSource()).exists("")).isTrue();
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = db.database().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    @Test
    void rememberingMarksATenantAsKnown() {
        PostgresTenants tenants = new PostgresTenants(db.database().dataSource());
        tenants.remember("aalst");
        assertThat(tenants.isKnown("aalst")).isTrue();
        assertThat(tenants.exists("aalst")).isTrue();
    }
}
