/**
 * Second factors: TOTP (RFC 6238) enrollments with their secrets sealed under the master key, recovery codes
 * stored as their SHA-256, the {@code amr} each SSO session was started with, remembered browsers, and the
 * requirement ({@link dev.atrium.mfa.MfaRequirement}: tenant policy, {@code acr_values}, the organization's
 * {@code require_mfa}) that decides when a sign-in or a refresh needs a factor; and WebAuthn
 * ({@link dev.atrium.mfa.WebAuthnService} over webauthn4j): security keys and platform authenticators as second
 * factors, passkeys as a first factor, with one-time challenges bound to what they were issued for. The browser step that asks for the
 * factor is a {@code FlowStep.Page} of the flow dispatcher; this package holds the rules, not the pages.
 *
 * <p>Invariants: a secret is only ever stored sealed and a recovery code only hashed; a time step once accepted for
 * an enrollment is never accepted again (the update is a compare-and-set on {@code last_step}), nor a WebAuthn
 * signature counter that does not move forward (compare-and-set on {@code sign_count}); a recovery code is
 * used up by a delete, so of two uses one wins; an unconfirmed enrollment never satisfies a challenge. Must not
 * depend on the web layer or storage.
 */
package dev.atrium.mfa;
