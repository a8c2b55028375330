/**
 * The only package that knows Javalin: {@link dev.atrium.web.Routes} lists every route top to bottom;
 * the rest adapts HTTP to the protocol and domain classes (cookies, CSRF tokens, OAuth JSON errors).
 */
package dev.atrium.web;
