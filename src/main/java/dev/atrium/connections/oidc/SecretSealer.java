package dev.atrium.connections.oidc;

/** Encrypts connection secrets at rest; the wiring backs it with the master key (AES-256-GCM). */
public interface SecretSealer {
    String seal(String secret);

    String open(String sealed);
}
