/**
 * Organizations, cut by sub-resource: the organization itself ({@link dev.atrium.organizations.OrganizationService},
 * {@link dev.atrium.organizations.OrganizationStore}), its enabled connections
 * ({@code OrganizationConnection*}), membership — members, their organization roles and invitations —
 * ({@code OrganizationMember*}), discovery domains verified through a DNS TXT record
 * ({@code DiscoveryDomain*}), and its applications — client-grant associations for machine-to-machine
 * access and per-application access — ({@code OrganizationApplication*}). Each has one store
 * interface and one service; the services take typed commands ({@code NewOrganization},
 * {@code OrganizationPatch}, {@code ConnectionEnablement}, {@code ConnectionPatch}, {@code NewInvitation},
 * {@code NewDiscoveryDomain}, {@code DiscoveryDomainPatch}) built by the Management API from JSON and by
 * the dashboard from forms. Updates read and write in one transaction under a row lock, so
 * concurrent changes of different properties are all kept.
 *
 * <p>Must not depend on the web layer or storage.
 */
package dev.atrium.organizations;
