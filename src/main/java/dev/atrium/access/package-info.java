/**
 * The one access decision of Atrium: may this application sign this user in through this connection,
 * and into which organization. {@link dev.atrium.access.OrganizationAccess#decide} is pure (no I/O,
 * no clock, no logging); {@code AccessRequestLoader}s elsewhere gather its inputs. It is called by the
 * sign-in flow once the user is known, and by the refresh grant, so that a user removed from an
 * organization stops getting tokens for it.
 *
 * <p>This package imports nothing but the JDK.
 */
package dev.atrium.access;
