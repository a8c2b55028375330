/**
 * The Authentication API as plain classes over plain requests, independent of the HTTP layer:
 * {@code /authorize} ({@link dev.atrium.oauth.AuthorizeEndpoint}, a shell with its ordered
 * {@link dev.atrium.oauth.AuthorizeRequestValidator}; the dispatcher's reads in {@link dev.atrium.oauth.FlowInputs},
 * the access decision's writes in {@link dev.atrium.oauth.AccessEffects}, consent in
 * {@link dev.atrium.oauth.ConsentPolicy}, the code in {@link dev.atrium.oauth.CodeIssuer}, the response in
 * {@link dev.atrium.oauth.AuthorizeResponses}), {@code /oauth/token} as a fixed pipeline
 * ({@link dev.atrium.oauth.TokenEndpoint} and one {@code GrantHandler} per grant type), client
 * authentication, {@code /userinfo}, revocation, logout, discovery and dynamic client registration.
 * {@link dev.atrium.oauth.AccessRequestLoader} is the only code that gathers the inputs of the three entry
 * points of {@code access} (the gates before login, the decision after it, the connections a login page
 * offers) and the only caller of them (ArchitectureTest), for the flow, the hosted pages and the refresh grant alike.
 *
 * <p>Knows Nimbus, never Javalin.
 */
package dev.atrium.oauth;
