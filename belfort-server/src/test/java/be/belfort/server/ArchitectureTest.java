package be.belfort.server;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.PackageMatchers;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of docs/architecture.md, checked on the compiled classes: dependencies point inward to the
 * domain, HTTP and SQL stay at the edges and never meet in one class, and no module reaches back into another
 * that depends on it. Maven already refuses a dependency a module's pom does not declare; these rules also
 * catch what a pom cannot say (a JDK package such as java.sql, a class that mixes both edges, a cycle).
 */
class ArchitectureTest {

    private static final String[] HTTP = {"io.javalin..", "org.eclipse.jetty..", "jakarta.servlet.."};
    private static final String[] SQL = {"java.sql..", "javax.sql..", "com.zaxxer..", "org.postgresql..", "org.flywaydb.."};
    private static final String[] DOMAIN = {"be.belfort.model..", "be.belfort.jsonld..", "be.belfort.query..",
        "be.belfort.temporal..", "be.belfort.subscriptions..", "be.belfort.opendata..", "be.belfort.security..",
        "be.belfort.access.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("be.belfort");
    }

    @Test
    void everyModuleIsChecked() {
        // Without this, a rule over a module whose classes were not found would pass by checking nothing.
        assertThat(classes.stream().map(JavaClass::getPackageName).map(name -> name.split("\\.")[2]).distinct())
            .contains("model", "jsonld", "query", "temporal", "subscriptions", "opendata", "security", "access", "storage",
                "api", "server", "demo", "ingestion", "dashboard", "federation", "console", "datapedia", "datamodels");
    }

    @Test
    void featureSlicesKeepTheirDomainHttpAndSqlApart() {
        noClasses().that().resideInAPackage("be.belfort.federation")
            .and().haveNameNotMatching("be\\.belfort\\.federation\\.FederationFeature.*")
            .should().dependOnClassesThat().resideInAnyPackage(concat(concat(HTTP, SQL),
                "be.belfort.api..", "be.belfort.storage..", "be.belfort.server..", "be.belfort.federation.http..",
                "be.belfort.federation.sql.."))
            .check(classes);
        noClasses().that().resideInAPackage("be.belfort.federation.http..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(SQL, "be.belfort.storage..",
                "be.belfort.federation.sql.."))
            .check(classes);
        noClasses().that().resideInAPackage("be.belfort.federation.sql..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(HTTP, "be.belfort.api..",
                "be.belfort.federation.http.."))
            .check(classes);
    }

    @Test
    void theDatapediaKeepsItsDomainHttpAndSqlApart() {
        // Its one wiring class (DatapediaFeature) is the only domain class that may name both edges.
        noClasses().that().resideInAPackage("be.belfort.datapedia")
            .and().haveNameNotMatching("be\\.belfort\\.datapedia\\.DatapediaFeature.*")
            .should().dependOnClassesThat().resideInAnyPackage(concat(concat(HTTP, SQL),
                "be.belfort.api..", "be.belfort.storage..", "be.belfort.server..", "be.belfort.datapedia.http..",
                "be.belfort.datapedia.sql.."))
            .check(classes);
        noClasses().that().resideInAPackage("be.belfort.datapedia.http..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(SQL, "be.belfort.storage..",
                "be.belfort.datapedia.sql.."))
            .check(classes);
        noClasses().that().resideInAPackage("be.belfort.datapedia.sql..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(HTTP, "be.belfort.api..",
                "be.belfort.datapedia.http.."))
            .check(classes);
    }

    @Test
    void theSmartDataModelsAreAPlainLibrary() {
        // The demo checks its payloads with it, so it may know no platform module, and neither HTTP nor SQL.
        noClasses().that().resideInAPackage("be.belfort.datamodels..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(concat(HTTP, SQL), "java.net.http..",
                "be.belfort.model..", "be.belfort.jsonld..", "be.belfort.query..", "be.belfort.temporal..",
                "be.belfort.subscriptions..", "be.belfort.opendata..", "be.belfort.security..", "be.belfort.access..",
                "be.belfort.api..", "be.belfort.storage..", "be.belfort.server..", "be.belfort.dashboard..",
                "be.belfort.datapedia..", "be.belfort.demo.."))
            .check(classes);
    }

    @Test
    void theDomainKnowsNeitherHttpNorSqlNorTheModulesAtTheEdges() {
        noClasses().that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage(concat(concat(HTTP, SQL),
                "be.belfort.api..", "be.belfort.storage..", "be.belfort.server.."))
            .check(classes);
    }

    @Test
    void theApiSpeaksHttpAndNeverSql() {
        noClasses().that().resideInAPackage("be.belfort.api..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(SQL, "be.belfort.storage.."))
            .check(classes);
    }

    @Test
    void ingestionKeepsHttpAndSqlInTheirPackages() {
        // Its one wiring class (IngestionFeature) is the only domain class that may name both edges.
        noClasses().that().resideInAPackage("be.belfort.ingestion").and().doNotHaveSimpleName("IngestionFeature")
            .should().dependOnClassesThat().resideInAnyPackage(concat(concat(HTTP, SQL), "be.belfort.api..",
                "be.belfort.storage..", "be.belfort.server..", "be.belfort.ingestion.http..", "be.belfort.ingestion.sql.."))
            .check(classes);
        noClasses().that().resideInAPackage("be.belfort.ingestion.http..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(SQL, "be.belfort.ingestion.sql.."))
            .check(classes);
        noClasses().that().resideInAPackage("be.belfort.ingestion.sql..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(HTTP, "be.belfort.api..", "be.belfort.ingestion.http.."))
            .check(classes);
    }

    @Test
    void theConsoleKeepsHttpAndSqlInTheirPackages() {
        // Its one wiring class (ConsoleFeature, with the records it is given) is the only domain class that may name both edges.
        noClasses().that().resideInAPackage("be.belfort.console")
            .and().haveNameNotMatching("be\\.belfort\\.console\\.ConsoleFeature.*")
            .should().dependOnClassesThat().resideInAnyPackage(concat(concat(HTTP, SQL), "be.belfort.api..",
                "be.belfort.storage..", "be.belfort.server..", "be.belfort.console.http..", "be.belfort.console.sql.."))
            .check(classes);
        noClasses().that().resideInAPackage("be.belfort.console.http..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(SQL, "be.belfort.storage..",
                "be.belfort.console.sql.."))
            .check(classes);
        noClasses().that().resideInAPackage("be.belfort.console.sql..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(HTTP, "be.belfort.api..",
                "be.belfort.console.http.."))
            .check(classes);
    }

    @Test
    void storageSpeaksSqlAndNeverHttp() {
        noClasses().that().resideInAPackage("be.belfort.storage..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(HTTP, "be.belfort.api.."))
            .check(classes);
    }

    @Test
    void theDashboardsDomainKnowsNeitherHttpNorSqlAndItsRoutesNeverSql() {
        // Its one wiring class (DashboardFeature) is the only domain class that may name both edges.
        noClasses().that().resideInAPackage("be.belfort.dashboard").and().doNotHaveSimpleName("DashboardFeature")
            .should().dependOnClassesThat().resideInAnyPackage(concat(concat(HTTP, SQL), "be.belfort.api..",
                "be.belfort.dashboard.http..", "be.belfort.dashboard.sql.."))
            .check(classes);
        noClasses().that().resideInAPackage("be.belfort.dashboard.http")
            .should().dependOnClassesThat().resideInAnyPackage(concat(SQL, "be.belfort.storage..",
                "be.belfort.dashboard.sql.."))
            .check(classes);
        noClasses().that().resideInAPackage("be.belfort.dashboard.sql..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(HTTP, "be.belfort.api..",
                "be.belfort.dashboard.http.."))
            .check(classes);
    }

    @Test
    void noClassKnowsHttpAndSqlAtOnce() {
        noClasses().should(dependOnBoth("HTTP", HTTP, "SQL", SQL)).check(classes);
    }

    @Test
    void theApiIsCutByFeatureAndItsFeaturesDoNotKnowEachOther() {
        // be.belfort.api itself is the HTTP kit every feature shares; be.belfort.api.entities, .temporal, … are the features.
        slices().matching("be.belfort.api.(*)..").should().notDependOnEachOther().check(classes);
    }

    @Test
    void storageIsCutByFeatureAndItsFeaturesDoNotKnowEachOther() {
        // be.belfort.storage itself holds the database, the tenants and the rows of the entity and history tables.
        slices().matching("be.belfort.storage.(*)..").should().notDependOnEachOther().check(classes);
    }

    @Test
    void routesCallServicesAndNeverAStore() {
        // A route parses, asks a service and renders; the service holds the rules and the unit of work.
        noClasses().that().resideInAPackage("be.belfort.api..")
            .should().dependOnClassesThat().haveSimpleNameEndingWith("Store")
            .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Finder")
            .orShould().dependOnClassesThat().haveSimpleName("AuditLog")
            .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Outbox")
            .check(classes);
    }

    @Test
    void theDemoUsesOnlyThePublicApi() {
        noClasses().that().resideInAPackage("be.belfort.demo..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(DOMAIN,
                "be.belfort.api..", "be.belfort.storage..", "be.belfort.server.."))
            .check(classes);
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("be.belfort.(*)..").should().beFreeOfCycles().check(classes);
    }

    private static ArchCondition<JavaClass> dependOnBoth(String firstName, String[] first, String secondName,
            String[] second) {
        return new ArchCondition<>("depend on " + firstName + " and " + secondName + " at once") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                boolean usesFirst = dependsOnAny(javaClass, first);
                boolean usesSecond = dependsOnAny(javaClass, second);
                events.add(new SimpleConditionEvent(javaClass, usesFirst && usesSecond,
                    javaClass.getName() + " depends on " + firstName + (usesFirst && usesSecond ? " and " : " or ")
                        + secondName));
            }
        };
    }

    private static boolean dependsOnAny(JavaClass javaClass, String[] packages) {
        PackageMatchers matchers = PackageMatchers.of(packages);
        return javaClass.getDirectDependenciesFromSelf().stream()
            .anyMatch(dependency -> matchers.test(dependency.getTargetClass().getPackageName()));
    }

    private static String[] concat(String[] first, String... second) {
        String[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
