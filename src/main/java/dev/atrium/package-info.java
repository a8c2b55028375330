/**
 * Atrium: a self-hosted identity server wire-compatible with Auth0. {@link dev.atrium.Main} reads the
 * configuration; {@link dev.atrium.Atrium} is the one place where every store, service, endpoint and
 * route is created, in dependency order. Everything else lives in packages by domain, whose boundaries
 * {@code ArchitectureTest} enforces.
 */
package dev.atrium;
