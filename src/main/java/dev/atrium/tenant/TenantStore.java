package dev.atrium.tenant;

/** The one row of tenant settings. */
public interface TenantStore {
    /** The stored settings, or the defaults when none were stored yet. */
    TenantSettings get();

    void save(TenantSettings settings);
}
