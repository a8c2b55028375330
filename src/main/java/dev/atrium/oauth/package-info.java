/**
 * The Authentication API as plain classes over plain requests, independent of the HTTP layer:
 * {@code /authorize} ({@link dev.atrium.oauth.AuthorizeEndpoint}, with its ordered
 * {@link dev.atrium.oauth.AuthorizeRequestValidator}), {@code /oauth/token} as a fixed pipeline
 * ({@link dev.atrium.oauth.TokenEndpoint} and one {@code GrantHandler} per grant type), client
 * authentication, {@code /userinfo}, revocation, logout, discovery and dynamic client registration.
 * {@link dev.atrium.oauth.AccessRequestLoader} is the only code that gathers the inputs of the access
 * decision, for the flow and for the refresh grant alike.
 *
 * <p>Knows Nimbus, never Javalin.
 */
package dev.atrium.oauth;
