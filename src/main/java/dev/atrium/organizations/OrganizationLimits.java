package dev.atrium.organizations;

import java.util.regex.Pattern;

/** The limits and syntax rules of the organization slice, shared by its services, the API schemas and the dashboard. */
public final class OrganizationLimits {
    public static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,50}");
    public static final int MAX_CONNECTIONS = 10;
    public static final int MAX_MEMBER_ROLES = 50;
    public static final int MAX_DOMAINS = 100;
    /** User-facing applications (an {@code authorization_code} or {@code implicit} grant) per organization (O112). */
    public static final int MAX_CLIENTS = 100;
    /** Associations of every kind per organization: machine-to-machine ones do not count toward {@link #MAX_CLIENTS}. */
    public static final int MAX_CLIENT_ASSOCIATIONS = 1_000;
    public static final int MAX_METADATA = 25;
    public static final long DEFAULT_INVITATION_TTL = 604_800;
    public static final long MAX_INVITATION_TTL = 2_592_000;

    private OrganizationLimits() {
    }
}
