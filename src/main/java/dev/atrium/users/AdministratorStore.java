package dev.atrium.users;

import java.util.List;
import java.util.Optional;

/**
 * Who is a dashboard administrator, kept apart from every user field so that nothing that writes a
 * profile (the Management API's {@code app_metadata}, sign-up) can grant it. A row goes with its user.
 */
public interface AdministratorStore {
    Optional<Administrator> find(String userId);

    /** Oldest grant first. */
    List<Administrator> list();

    /** Records the grant; false (and nothing changed) when the user already was one, or does not exist. */
    boolean grant(Administrator administrator);

    /** False when the user was not an administrator. */
    boolean revoke(String userId);
}
