/**
 * Applications (Auth0 "clients"), their secrets (stored as keyed hashes), their private_key_jwt
 * credentials, and client grants (which API an application may call, for which subject type).
 * {@link dev.atrium.clients.ClientService} holds the rules shared by the Management API and the
 * dashboard, including the first-/third-party classification and the strict third-party rules
 * ({@link dev.atrium.clients.ThirdPartyRules}).
 *
 * <p>Must not depend on the web layer or storage.
 */
package dev.atrium.clients;
