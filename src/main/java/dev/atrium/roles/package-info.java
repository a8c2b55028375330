/** Roles, their permissions on APIs, and the users that hold them (tenant roles; organization roles belong to members). */
package dev.atrium.roles;
