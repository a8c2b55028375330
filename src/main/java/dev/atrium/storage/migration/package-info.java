/**
 * Flyway migrations written in Java, for data changes that SQL common to H2 and PostgreSQL cannot
 * express (reading JSON documents stored as text). They run in version order with the SQL ones in
 * {@code db/migration}; each is registered in {@link dev.atrium.storage.Database#migrate()}.
 */
package dev.atrium.storage.migration;
