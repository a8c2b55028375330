/**
 * The only package that knows Javalin: {@link dev.atrium.web.Routes} lists every route top to bottom;
 * the rest adapts HTTP to the protocol and domain classes (cookies, CSRF tokens, OAuth JSON errors).
 * Every error, whether a handler, the router or the HTTP server itself refuses the request, is written
 * by {@link dev.atrium.web.ErrorShapes} in the shape of the API its path targets; request bodies are
 * read through bounded, duplicate-refusing parsers ({@link dev.atrium.common.Json#readRequest},
 * {@code FormGuard}) before any handler sees them.
 */
package dev.atrium.web;
