/**
 * Atrium as an OpenID Connect relying party of a customer's identity provider (issue 11): the upstream's
 * discovery document and keys fetched under the upstream URL policy, the authorization request (code, PKCE S256,
 * {@code state}, {@code nonce}), the back-channel code exchange, or for {@code front_channel} connections an
 * {@code id_token} request answered by form post, and the ID token validated with Nimbus's client-side
 * {@code IDTokenValidator} either way.
 *
 * <p>Invariants: every upstream fetch goes through {@link dev.atrium.enterprise.UpstreamFetcher} (https to public
 * addresses unless the development setting allows otherwise, no redirects, short timeouts, size caps); an identity
 * leaves {@link dev.atrium.enterprise.OidcRelyingParty} only from an ID token whose signature, issuer, audience,
 * expiry and nonce were checked; every failure is an {@link dev.atrium.connections.oidc.UpstreamException} with a
 * message fit for the hosted error page. SAML connections are meant to sit beside this package with the same shape
 * (a redirect out, a callback that yields a verified {@code Identity}).
 *
 * <p>May use Nimbus OAuth messages (it is not a domain package); must not depend on the web layer or storage.
 */
package dev.atrium.enterprise;
