/**
 * OpenID Connect enterprise connections ({@code strategy: "oidc"}): their options as the Management API
 * accepts them, the client secret sealed at rest, and the rule for which upstream URLs the server may fetch.
 *
 * <p>Invariants: a stored connection never holds its client secret in clear (only
 * {@code options.client_secret_sealed}, which no API answer shows); only {@code back_channel} connections are
 * accepted, because the front channel (implicit {@code id_token} in the browser) is not implemented; an upstream
 * URL is {@code https} unless the development setting {@code ATRIUM_ALLOW_INSECURE_UPSTREAM_URLS} is on.
 *
 * <p>Must not depend on the web layer, storage, or the key store (the sealing is a {@link
 * dev.atrium.connections.oidc.SecretSealer} the wiring provides).
 */
package dev.atrium.connections.oidc;
