/**
 * Moving a tenant from Auth0: reading a Deploy CLI export (directory or YAML) and writing it through
 * the same services the Management API uses, in one transaction; the bulk user import and export
 * jobs; and the imported-password verifier that lets users keep their passwords.
 */
package dev.atrium.migration;
