/**
 * Regression tests for the attacks of issue 9, one class per attack family, named after what it
 * attacks. Each test performs the attack over HTTP against a real Atrium started in-process
 * ({@link dev.atrium.support.TestAtrium}), as the attacker would (a stranger, a signed-up user, a
 * holder of a leaked token, a narrowly scoped machine client), and asserts that it fails and that
 * nothing changed; a control step shows the legitimate path still works, so a test cannot pass
 * because everything is refused.
 *
 * <ul>
 *   <li>{@code ManagementApiEscalationTest}: a self-registered user obtaining administrative
 *       Management API tokens through a user flow (point 1).</li>
 *   <li>{@code AdministratorPromotionTest}: becoming a dashboard administrator through a narrow
 *       Management API scope, or through {@code ATRIUM_ADMIN_EMAIL} and an email registered first
 *       (points 3 and 5).</li>
 *   <li>{@code SessionKindConfusionTest}: an SSO session cookie replayed as the dashboard cookie and the
 *       reverse (point 12).</li>
 *   <li>{@code AccountTerminationTest}: sessions and refresh tokens outliving a password change, a
 *       block or a deletion (point 15).</li>
 * </ul>
 */
package dev.atrium.security;
