/**
 * The Management API v2 under {@code /api/v2}: bearer-token and scope checks, Auth0's error shape,
 * paging, {@code fields}, request-body schemas, and one class per resource.
 */
package dev.atrium.web.management;
