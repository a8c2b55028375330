/**
 * The self-hosted administration console at {@code /dashboard}: server-rendered, usable without
 * JavaScript, signed in through Atrium's own {@code /authorize}, acting only through the domain services.
 */
package dev.atrium.web.dashboard;
