/**
 * Token issuance: signing, access tokens in Auth0's dialects, ID tokens, authorization codes and refresh
 * tokens (stored as hashes), and {@link dev.atrium.tokens.ScopePolicy}, which decides the granted scopes
 * of a user flow.
 */
package dev.atrium.tokens;
