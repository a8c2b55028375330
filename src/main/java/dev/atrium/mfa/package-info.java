/**
 * Second factors: TOTP (RFC 6238) enrollments with their secrets sealed under the master key, and the
 * tenant's policy that decides when a sign-in needs one. The browser step that asks for the factor is a
 * {@code FlowStep.Page} of the flow dispatcher; this package holds the rules, not the pages.
 *
 * <p>Invariants: a secret is only ever stored sealed; a time step once accepted for an enrollment is never
 * accepted again (the update is a compare-and-set on {@code last_step}); an unconfirmed enrollment never
 * satisfies a challenge. Must not depend on the web layer or storage.
 */
package dev.atrium.mfa;
