/** APIs (Auth0 "resource servers"), including the Management API itself as a system API that cannot be changed. */
package dev.atrium.resourceservers;
