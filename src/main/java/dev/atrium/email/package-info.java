/**
 * E-mail and the account life cycle (issue 13): the durable outbox and the background worker that
 * delivers it over SMTP, the message templates (files under {@code resources/email}, overridable per
 * tenant with Auth0's names and variables), and the flows that send mail: organization invitations,
 * e-mail verification, password reset, the password-changed notice and the welcome message.
 *
 * <p>Invariants: nothing here runs SMTP inside a request; a request only adds a row to the outbox.
 * The worker claims a row with a lease in one conditional UPDATE, so nodes sharing the database never
 * deliver the same row twice while a lease is live. Links are random 256-bit tokens; only their
 * SHA-256 is stored, they name no user, expire and are consumed once by a conditional UPDATE.
 * This package knows neither Javalin nor JDBI.
 */
package dev.atrium.email;
