/**
 * The browser sign-in flow: the stored {@link dev.atrium.authflow.AuthTransaction} of one
 * {@code /authorize} request, and {@link dev.atrium.authflow.FlowDispatcher}, which decides what the
 * browser sees next (organization prompt, login or sign-up, organization picker, consent, the code).
 * Hosted pages record their outcome in the transaction and return to the dispatcher; they never send
 * the browser to each other. Login itself ({@link dev.atrium.authflow.LoginService}) with its
 * brute-force protection ({@link dev.atrium.authflow.BruteForcePolicy}) lives here too.
 *
 * <p>Must not depend on the web layer, storage, or Nimbus protocol messages.
 */
package dev.atrium.authflow;
