/**
 * Organizations: members and their organization roles, invitations, enabled connections, discovery
 * domains (verified through a DNS TXT record), organization client grants for machine-to-machine
 * access, and per-application access. {@link dev.atrium.organizations.OrganizationService} holds the
 * rules shared by the Management API and the dashboard.
 *
 * <p>Must not depend on the web layer or storage.
 */
package dev.atrium.organizations;
