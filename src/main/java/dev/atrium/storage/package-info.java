/**
 * The only package that speaks SQL: one JDBI implementation per store interface, in the SQL subset
 * that H2 (PostgreSQL mode) and PostgreSQL 15+ both accept, with the migrations beside it in
 * {@code db/migration}; and the caches of the hot paths, which other nodes' writes invalidate
 * through {@code cache_versions}.
 */
package dev.atrium.storage;
