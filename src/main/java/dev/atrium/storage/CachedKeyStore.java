package dev.atrium.storage;

import dev.atrium.keys.KeyStore;
import dev.atrium.keys.SigningKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link KeyStore} whose list of keys comes from this node's cache, kept in step by
 * {@link CacheVersions}: the key service asks for the list on every signature and rebuilds its
 * signer only when the list changed, so a rotation or a revocation on any node reaches every node
 * within the poll interval, and a token naming an unknown key costs no database read.
 */
public final class CachedKeyStore implements KeyStore {
    private static final String ALL = "all";

    private final KeyStore delegate;
    private final CacheVersions versions;
    private final CacheVersions.Region cache;

    public CachedKeyStore(KeyStore delegate, CacheVersions versions) {
        this.delegate = delegate;
        this.versions = versions;
        this.cache = versions.region(CacheVersions.SIGNING_KEYS);
    }

    @Override
    public List<SigningKey> list() {
        return cache.get(ALL, () -> List.copyOf(delegate.list()));
    }

    @Override
    public Optional<SigningKey> find(String kid) {
        return list().stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    @Override
    public boolean initialise(SigningKey current, SigningKey next) {
        return JdbcKeyStore.WRITES.around(versions, () -> delegate.initialise(current, next));
    }

    @Override
    public boolean rotate(String expectedCurrentKid, SigningKey newNext, Instant now) {
        return JdbcKeyStore.WRITES.around(versions, () -> delegate.rotate(expectedCurrentKid, newNext, now));
    }

    @Override
    public boolean revoke(String kid, Instant now) {
        return JdbcKeyStore.WRITES.around(versions, () -> delegate.revoke(kid, now));
    }
}
