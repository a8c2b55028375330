/**
 * Regression tests for the attacks of issue 9, one class per attack family, each performing the attack
 * over HTTP against a real server ({@code support/TestAtrium}) and asserting that it fails, beside a
 * positive control showing the legitimate path still works. A security reviewer starts here; the class
 * name says what is attacked (for example {@code AuthorizationCodeTheftTest}, {@code PkceDowngradeTest},
 * {@code ClientAssertionAttackTest}).
 */
package dev.atrium.security;
