/**
 * What start-up ensures before requests are served, idempotently: the Management API as a system API,
 * the bootstrap machine-to-machine application, the dashboard administrator and application, the
 * default database connection, and the demo tenant on an empty database. Works through the domain
 * services, never through SQL.
 */
package dev.atrium.bootstrap;
