package dev.atrium.storage;

import dev.atrium.organizations.Organization;
import dev.atrium.organizations.OrganizationConnection;
import dev.atrium.organizations.OrganizationStore;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link OrganizationStore} whose look-ups by id and by name come from this node's cache, kept in step by
 * {@link CacheVersions}, for the sign-in and token paths: an organization sign-in read each of the user's
 * organizations several times (the picker, the choice, the decision; about 25 of its 78 statements, issue
 * 15). Lists and counts go to the database, and so does everything through {@link #fresh()}. Every write goes to the database, which moves the organizations' version in the same
 * transaction, and drops this node's copies at once; other nodes drop theirs at their next poll (about a
 * second). The read-modify-write {@link #update(String, UnaryOperator)} reads the row under its lock, never
 * the cache. {@link Organization} copies its document in and out, so a cached value cannot be changed by a
 * caller.
 */
public final class CachedOrganizationStore implements OrganizationStore {
    private final OrganizationStore delegate;
    private final CacheVersions versions;
    private final CacheVersions.Region cache;

    public CachedOrganizationStore(OrganizationStore delegate, CacheVersions versions) {
        this.delegate = delegate;
        this.versions = versions;
        this.cache = versions.region(CacheVersions.ORGANIZATIONS);
    }

    @Override
    public Optional<Organization> find(String id) {
        return cache.find(new Key("id", id), () -> delegate.find(id));
    }

    @Override
    public Optional<Organization> findByName(String name) {
        return cache.find(new Key("name", name), () -> delegate.findByName(name));
    }

    @Override
    public List<Organization> list(Sort sort, boolean ascending, int offset, int limit) {
        return delegate.list(sort, ascending, offset, limit);
    }

    @Override
    public long count() {
        return delegate.count();
    }

    @Override
    public void create(Organization organization, List<OrganizationConnection> connections) {
        JdbcOrganizationStore.CREATES_AND_DELETES.around(versions, () -> delegate.create(organization, connections));
    }

    @Override
    public Optional<Organization> update(String id, UnaryOperator<Organization> change) {
        return JdbcOrganizationStore.WRITES.around(versions, () -> delegate.update(id, change));
    }

    @Override
    public boolean delete(String id) {
        return JdbcOrganizationStore.CREATES_AND_DELETES.around(versions, () -> delegate.delete(id));
    }

    /**
     * The same store reading the database directly, for the Management API and the dashboard (as
     * {@link CachedClientStore#fresh()}): an administrator reads what is stored, never a copy up to
     * {@link CacheVersions#POLL} old, and the outage rules of the README hold (their reads answer 503 while
     * the database is down). Writes still go through this store, so this node's copies are dropped at once.
     */
    public OrganizationStore fresh() {
        return new OrganizationStore() {
            @Override
            public Optional<Organization> find(String id) {
                return delegate.find(id);
            }

            @Override
            public Optional<Organization> findByName(String name) {
                return delegate.findByName(name);
            }

            @Override
            public List<Organization> list(Sort sort, boolean ascending, int offset, int limit) {
                return delegate.list(sort, ascending, offset, limit);
            }

            @Override
            public long count() {
                return delegate.count();
            }

            @Override
            public void create(Organization organization, List<OrganizationConnection> connections) {
                CachedOrganizationStore.this.create(organization, connections);
            }

            @Override
            public Optional<Organization> update(String id, UnaryOperator<Organization> change) {
                return CachedOrganizationStore.this.update(id, change);
            }

            @Override
            public boolean delete(String id) {
                return CachedOrganizationStore.this.delete(id);
            }
        };
    }

    /** Which read a cached value answers: by id or by name. */
    private record Key(String read, String value) {
    }
}
