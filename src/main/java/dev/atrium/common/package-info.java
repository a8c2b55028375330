/** Small pieces every package uses: identifiers in Auth0 formats, the JSON mapper, and the two domain exceptions. */
package dev.atrium.common;
