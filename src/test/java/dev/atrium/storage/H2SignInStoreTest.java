package dev.atrium.storage;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;

import java.util.UUID;

/** {@link SignInStoreContract} on a migrated in-memory H2 database in PostgreSQL mode. */
class H2SignInStoreTest implements SignInStoreContract {
    private static final Database DB = migrated();

    private static Database migrated() {
        var db = new Database("jdbc:h2:mem:signin-" + UUID.randomUUID(), "", "");
        db.migrate();
        return db;
    }

    @AfterAll
    static void close() {
        DB.close();
    }

    @Override
    public Jdbi jdbi() {
        return DB.jdbi();
    }
}
