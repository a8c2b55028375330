/**
 * Applications (Auth0 "clients"), their secrets (stored as keyed hashes), their private_key_jwt
 * credentials, and client grants (which API an application may call, for which subject type).
 * {@link dev.atrium.clients.ClientService} holds the rules shared by the Management API and the
 * dashboard, including the first-/third-party classification and the strict third-party rules
 * ({@link dev.atrium.clients.ThirdPartyRules}). The services take typed commands
 * ({@link dev.atrium.clients.NewClient}, {@link dev.atrium.clients.ClientPatch},
 * {@link dev.atrium.clients.NewClientGrant}, {@link dev.atrium.clients.ClientGrantPatch},
 * {@link dev.atrium.clients.NewClientCredential}); the Auth0 properties Atrium only stores travel in them as
 * {@link dev.atrium.common.KeptFields} and round-trip unchanged, since an application and a grant are kept
 * as their Management API documents.
 *
 * <p>Must not depend on the web layer or storage.
 */
package dev.atrium.clients;
