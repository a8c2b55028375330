/**
 * The browser sign-in flow: the stored {@link dev.atrium.authflow.AuthTransaction} of one
 * {@code /authorize} request, and {@link dev.atrium.authflow.FlowDispatcher}, which decides what the
 * browser sees next (organization prompt, login or sign-up, organization picker, consent, the code).
 * Hosted pages record their outcome in the transaction and return to the dispatcher; they never send
 * the browser to each other. Login itself ({@link dev.atrium.authflow.LoginService}) with its
 * brute-force protection ({@link dev.atrium.authflow.BruteForcePolicy}) lives here too.
 *
 * <p>How the flow takes new steps. {@link dev.atrium.authflow.FlowDispatcher#next} is a pure function of the
 * transaction and returns a sealed {@link dev.atrium.authflow.FlowStep} of three kinds: a
 * {@code Transition} of the transaction (session adoption, the access decision's effects), which the caller
 * applies once each, in that fixed order, before anything is shown (so the endpoint has no loop); a
 * {@code Page} named by its screen; or the end ({@code Fail}, {@code IssueCode}). The endpoint maps every
 * {@code Page} to {@code /u/<screen>} without knowing which page it is. A second factor after credentials is
 * a new {@code Page} record ({@code ShowMfa}, screen {@code mfa}) returned when the transaction is
 * authenticated but its factor is not yet recorded, plus the transaction field its page writes; an
 * enterprise identity provider is a {@code Page} whose handler redirects to the provider and whose callback
 * records the identity in the transaction as the login page does. Neither adds a branch to the endpoint.
 *
 * <p>Must not depend on the web layer, storage, or Nimbus protocol messages.
 */
package dev.atrium.authflow;
