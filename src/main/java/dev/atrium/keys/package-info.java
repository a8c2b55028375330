/**
 * The tenant's RS256 signing keys: created on first start, kept encrypted under the
 * {@link dev.atrium.keys.MasterKey}, rotated ({@code next → current → previous}) and revoked; and the
 * crypto provider that signs (Amazon Corretto Crypto Provider where it loads).
 */
package dev.atrium.keys;
