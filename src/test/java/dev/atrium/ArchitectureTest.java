package dev.atrium;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import dev.atrium.access.AccessDecision;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package boundaries of ARCHITECTURE.md §5.12, which stand in for Maven modules. The root
 * package ({@link Atrium}, {@link Main}) is the wiring and may use everything, so the rules leave it out.
 */
class ArchitectureTest {
    /** Packages that hold the domain: no HTTP, no SQL, no OAuth protocol messages. Absent ones match nothing. */
    private static final String[] DOMAIN = {
            "dev.atrium.clients..", "dev.atrium.connections..", "dev.atrium.users..", "dev.atrium.roles..",
            "dev.atrium.resourceservers..", "dev.atrium.tenant..", "dev.atrium.keys..", "dev.atrium.tokens..",
            "dev.atrium.organizations..", "dev.atrium.access..", "dev.atrium.consent..", "dev.atrium.authflow..",
            "dev.atrium.sessions.."};

    private static JavaClasses imported;

    @BeforeAll
    static void importClasses() {
        imported = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.atrium");
    }

    @Test
    void onlyWebUsesJavalin() {
        check(noClasses().that().resideOutsideOfPackages("dev.atrium.web..")
                .and().resideInAPackage("dev.atrium.*..")
                .should().dependOnClassesThat().resideInAPackage("io.javalin.."));
    }

    @Test
    void onlyStorageUsesJdbiHikariAndFlyway() {
        check(noClasses().that().resideOutsideOfPackages("dev.atrium.storage..")
                .and().resideInAPackage("dev.atrium.*..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "com.zaxxer..", "org.flywaydb.."));
    }

    @Test
    void domainPackagesKnowNeitherWebNorStorageNorOAuthMessages() {
        check(noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("dev.atrium.web..", "dev.atrium.storage..",
                        "com.nimbusds.oauth2.."));
    }

    /**
     * Services take typed commands, JSON only at the edge (issue 10, point 3): no public method or
     * constructor of a class named {@code *Service} takes a JSON object. Documents that are free-form
     * by nature ({@code user_metadata}) travel inside the commands, not as a service's parameter.
     */
    @Test
    void servicesTakeNoJsonObjects() {
        check(com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits()
                .that().areDeclaredInClassesThat().haveSimpleNameEndingWith("Service")
                .and().arePublic()
                .should(com.tngtech.archunit.lang.ArchCondition.from(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "take an ObjectNode",
                        (com.tngtech.archunit.core.domain.JavaCodeUnit m) -> m.getRawParameterTypes().stream()
                                .anyMatch(t -> t.isEquivalentTo(tools.jackson.databind.node.ObjectNode.class))))));
    }

    /**
     * The access decision is pure: it reads nothing but its own records, the JDK and the shared OAuth error
     * vocabulary (§5.3).
     */
    @Test
    void accessImportsOnlyTheJdk() {
        check(classes().that().resideInAPackage("dev.atrium.access..")
                .should().onlyDependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "reside in access or java, or are OAuthError",
                        (JavaClass c) -> c.getPackageName().startsWith("dev.atrium.access")
                                || c.getPackageName().startsWith("java.")
                                || c.isEquivalentTo(dev.atrium.common.OAuthError.class))));
    }

    /** Only the decision itself makes decisions: nobody outside {@code access} builds an {@code AccessDecision}. */
    @Test
    void accessDecisionsAreMadeOnlyInAccess() {
        check(noClasses().that().resideOutsideOfPackage("dev.atrium.access..")
                .should().callConstructorWhere(JavaConstructorCall.Predicates.target(
                        HasOwner.Predicates.With.owner(JavaClass.Predicates.assignableTo(AccessDecision.class)))));
    }

    /**
     * The organization and third-party rules are asked through one loader (§5.3): no other production class
     * calls the {@code access} entry points, so none can ask a rule the others skip.
     */
    @Test
    void onlyTheLoaderAsksTheAccessRules() {
        check(noClasses().that().resideOutsideOfPackage("dev.atrium.access..")
                .and().doNotHaveFullyQualifiedName("dev.atrium.oauth.AccessRequestLoader")
                .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        HasOwner.Predicates.With.owner(JavaClass.Predicates.equivalentTo(dev.atrium.access.OrganizationAccess.class)))));
    }

    /**
     * "Third-party applications use domain-level connections only" is written once, in {@code access}: the
     * sign-in code outside it never reads whether a connection is domain-level, except the loader that passes
     * it on. (The dashboard shows the flag; storage writes it.)
     */
    @Test
    void theDomainLevelRuleIsStatedOnlyInAccess() {
        check(noClasses().that().resideInAnyPackage("dev.atrium.oauth..", "dev.atrium.authflow..", "dev.atrium.web.ui..",
                        "dev.atrium.connections..", "dev.atrium.clients..")
                .and().doNotHaveFullyQualifiedName("dev.atrium.oauth.AccessRequestLoader")
                .and().doNotHaveFullyQualifiedName("dev.atrium.connections.Connection")
                .should().callMethod(dev.atrium.connections.Connection.class, "isDomainConnection"));
    }

    /** Routes and protocol code reach the database only through the store interfaces, never a Jdbc class. */
    @Test
    void webAndProtocolCodeUseStoresThroughTheirInterfaces() {
        check(noClasses().that().resideInAnyPackage("dev.atrium.web..", "dev.atrium.oauth..")
                .should().dependOnClassesThat().resideInAPackage("dev.atrium.storage.."));
    }

    /** An {@code /authorize} failure is decided by the protocol code alone: only {@code oauth} builds one. */
    @Test
    void onlyTheProtocolCodeBuildsAuthorizeErrors() {
        check(noClasses().that().resideOutsideOfPackage("dev.atrium.oauth..")
                .should().callConstructorWhere(JavaConstructorCall.Predicates.target(
                        HasOwner.Predicates.With.owner(JavaClass.Predicates.equivalentTo(dev.atrium.oauth.AuthorizeError.class))))
                .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        HasOwner.Predicates.With.owner(JavaClass.Predicates.equivalentTo(dev.atrium.oauth.AuthorizeError.class)))
                        .and(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                                com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching("page|redirect")))));
    }

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        check(slices().matching("dev.atrium.(*)..").should().beFreeOfCycles());
    }

    private static void check(ArchRule rule) {
        rule.allowEmptyShould(true).check(imported);
    }
}
