/** Users of database connections, their Argon2id password hashes, and search. */
package dev.atrium.users;
