/**
 * Server-side SSO sessions behind an opaque cookie; the database keeps only the hash of the cookie
 * value, so every node can read a session and a stolen table yields no usable cookie.
 */
package dev.atrium.sessions;
