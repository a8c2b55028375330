package dev.atrium.onboarding;

import java.util.List;
import java.util.Optional;

/** Initial access tokens by id and by the hash of the token (issue 14). */
public interface InitialAccessTokenStore {
    void insert(InitialAccessToken token);

    Optional<InitialAccessToken> findByHash(String tokenHash);

    /** Every token, oldest first. */
    List<InitialAccessToken> list();

    /** False when there was no such token. */
    boolean delete(String id);
}
