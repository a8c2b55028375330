/** The hosted pages of the sign-in flow (login, sign-up, consent, organization prompt and picker, logout, errors), rendered with precompiled jte templates. */
package dev.atrium.web.ui;
