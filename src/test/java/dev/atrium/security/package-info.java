/**
 * Regression tests for the attacks of the security review, one class per attack family, named after
 * what it attacks. Each test performs the attack over HTTP against a real Atrium started in-process
 * ({@link dev.atrium.support.TestAtrium}), as the attacker would (a stranger, a signed-up user, a member
 * of another organization, a third-party developer, a holder of a leaked code or token, a narrowly
 * scoped machine client), and asserts that it fails and that nothing changed; a control step shows the
 * legitimate path still works, so a test cannot pass because everything is refused.
 *
 * <p>{@code docs/security.md} is the map: who the attackers are, what each can reach, and which class
 * here shows each boundary holds.
 */
package dev.atrium.security;
