/**
 * Store contract tests: one JUnit interface per store ({@code KeyStoreContract},
 * {@code ClientStoreContract}, …) whose default {@code @Test} methods state what every backend must
 * do, run against H2 by {@link dev.atrium.storage.H2StoreContractTest} (Surefire) and against
 * PostgreSQL by {@link dev.atrium.storage.PostgresStoreContractIT} (Failsafe, {@code mvn verify}).
 *
 * <p>To cover a new store, write {@code XStoreContract} here, declaring {@code Jdbi jdbi();} and
 * constructing its {@code JdbcXStore} from it, then add {@code implements XStoreContract} to both
 * classes; nothing else changes. The tables behind {@code jdbi()} are shared by every contract and,
 * on PostgreSQL, by every test of the run, so each test makes its own unique ids and never counts
 * whole tables. A contract over tenant-wide state that needs an empty table (signing keys, tenant
 * settings) uses {@code isolatedJdbi()} instead and empties its table itself.
 */
package dev.atrium.storage;
