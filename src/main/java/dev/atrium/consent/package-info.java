/**
 * Users' consents to applications (Auth0 "user grants"), one per user, application, API and
 * organization, so consent given in one organization never covers another.
 */
package dev.atrium.consent;
