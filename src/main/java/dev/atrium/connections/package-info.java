/**
 * Login connections (database connections, strategy {@code auth0}), the applications enabled for each,
 * and password policies. A domain-level connection is the only kind third-party applications may use.
 *
 * <p>Must not depend on the web layer or storage.
 */
package dev.atrium.connections;
