package dev.atrium.onboarding;

import java.time.Instant;

/** A minted initial access token as stored: its id, the SHA-256 of the token, a description and its lifetime. */
public record InitialAccessToken(String id, String tokenHash, String description, Instant createdAt, Instant expiresAt) {
}
