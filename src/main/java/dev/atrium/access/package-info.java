/**
 * The organization and third-party rules of sign-in, each written once, behind three pure entry points of
 * {@link dev.atrium.access.OrganizationAccess}: {@code beforeLogin} (the gates of an organization arriving on a
 * transaction, the same whether it came from the {@code organization} parameter, the pre-login prompt or the
 * post-login picker), {@code decide} (after login: the gates again with the connection used, per-application
 * access, membership, invitations) and {@code offeredConnections} (what a login page may show). All are pure
 * (no I/O, no clock, no logging); one loader in {@code oauth} gathers their inputs and is their only caller. The
 * decision runs when the user is known, again when the code is issued, and on refresh, so a user removed from an
 * organization stops getting codes and tokens for it. Refusals carry a {@link dev.atrium.access.ReasonCode},
 * the one vocabulary of the organization and third-party refusals.
 *
 * <p>This package imports nothing but the JDK.
 */
package dev.atrium.access;
