package dev.atrium.storage;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.UUID;

/** Runs every store contract on migrated in-memory H2 databases (see {@code package-info}). */
class H2StoreContractTest implements KeyStoreContract, TenantStoreContract, ClientStoreContract,
        ClientGrantStoreContract, ResourceServerStoreContract, RoleStoreContract, UserStoreContract,
        ConnectionStoreContract, SignInStoreContract, OrganizationStoreContract, AdministratorStoreContract,
        RefreshTokenRotationContract, EmailStoreContract, JobStoreContract, LogStoreContract,
        LogStreamStoreContract, ApplicationApprovalStoreContract, TokenQuotaStoreContract, MfaStoreContract, AssertionIdStoreContract,
        WebAuthnCredentialStoreContract, HousekeepingContract {

    private static Database shared;
    private static Database isolated;

    @BeforeAll
    static void open() {
        shared = migrated();
        isolated = migrated();
    }

    @AfterAll
    static void close() {
        shared.close();
        isolated.close();
    }

    private static Database migrated() {
        Database db = new Database("jdbc:h2:mem:contract-" + UUID.randomUUID(), "", "");
        db.migrate();
        return db;
    }

    @Override
    public Jdbi jdbi() {
        return shared.jdbi();
    }

    @Override
    public Jdbi isolatedJdbi() {
        return isolated.jdbi();
    }
}
