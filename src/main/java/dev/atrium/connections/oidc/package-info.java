/**
 * OpenID Connect enterprise connections ({@code strategy: "oidc"}): their options as the Management API
 * accepts them, the client secret sealed at rest, and the rule for which upstream URLs the server may fetch.
 *
 * <p>Invariants: a stored connection never holds its client secret in clear (only
 * {@code options.client_secret_sealed}, which no API answer shows); a {@code back_channel} connection always has a
 * secret or a client assertion key; a {@code front_channel} one (the ID token posted back through the browser) needs
 * no secret and never names a {@code userinfo_scope}, since it receives no access token; an upstream URL is {@code https} unless the development setting {@code ATRIUM_ALLOW_INSECURE_UPSTREAM_URLS} is on.
 *
 * <p>Must not depend on the web layer, storage, or the key store (the sealing is a {@link
 * dev.atrium.connections.oidc.SecretSealer} the wiring provides).
 */
package dev.atrium.connections.oidc;
