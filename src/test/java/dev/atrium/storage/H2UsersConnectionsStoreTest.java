package dev.atrium.storage;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.UUID;

/** The user and connection store contracts on a migrated in-memory H2 database. */
class H2UsersConnectionsStoreTest implements UserStoreContract, ConnectionStoreContract {
    private static Database database;

    @BeforeAll
    static void open() {
        database = new Database("jdbc:h2:mem:x-" + UUID.randomUUID(), "", "");
        database.migrate();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Override
    public Jdbi jdbi() {
        return database.jdbi();
    }
}
