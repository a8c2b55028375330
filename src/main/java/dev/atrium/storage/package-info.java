/**
 * The only package that speaks SQL: one JDBI implementation per store interface, in the SQL subset
 * that H2 (PostgreSQL mode) and PostgreSQL 15+ both accept, with the migrations beside it in
 * {@code db/migration}; the caches of the hot paths, which other nodes' writes invalidate through
 * {@code cache_versions} (polled in the background, trusted for a bounded staleness); and the
 * outage handling ({@code Database}, {@code Outages}): bounded waits, a down flag that refuses at once,
 * and every outage reported as {@code DatabaseUnavailableException}, never as a JDBI exception.
 */
package dev.atrium.storage;
