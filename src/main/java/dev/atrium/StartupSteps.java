package dev.atrium;

import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.DatabaseUnavailableException;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.web.ui.HostedPages;
import java.time.Duration;
import dev.atrium.config.AtriumConfig;
import dev.atrium.connections.oidc.SecretSealer;
import dev.atrium.keys.MasterKey;
import dev.atrium.users.NewUser;
import dev.atrium.users.UserService;
import dev.atrium.email.AccountEmails;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * The small steps and adapters {@link Atrium#create} uses while it wires the server, kept apart so the wiring
 * reads as one list of objects.
 */
final class StartupSteps {
    private static final Logger LOG = LoggerFactory.getLogger(Atrium.class);

    private StartupSteps() {
    }

    /** Sealing of enterprise-connection secrets under the master key (issue 11). */
    static SecretSealer sealer(MasterKey masterKey) {
        return new SecretSealer() {
            @Override
            public String seal(String secret) {
                return masterKey.encrypt(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public String open(String sealed) {
                return new String(masterKey.decrypt(sealed), java.nio.charset.StandardCharsets.UTF_8);
            }
        };
    }

    /**
     * Runs a start-up step that ensures records; on a database that refuses writes (a read-only H2
     * file, a full disk) the node still starts and serves reads, with what was stored before (issue 18).
     */
    static void unlessWritesRefused(Runnable step) {
        try {
            step.run();
        } catch (DatabaseUnavailableException e) {
            if (!e.writesRefused()) {
                throw e;
            }
            LOG.error("start-up records not ensured: {}", e.getMessage());
        }
    }

    /** The sign-up form creates users through the same service as the Management API. */
    static HostedPages.Signup signupThrough(UserService users, AccountEmails emails) {
        return (client, connection, email, username, password) -> {
            NewUser request = NewUser.of(connection.name(), email, password);
            if (username != null) {
                request = request.withUsername(username);
            }
            try {
                var user = users.signup(client == null ? null : client.clientId(), client == null ? null : client.name(), request);
                emails.signedUp(user, Optional.ofNullable(client).map(c -> c.clientId()));
                return user;
            } catch (AlreadyExistsException e) {
                throw new InvalidRequestException("email", "An account with this email address already exists. Log in instead.");
            }
        };
    }

    /** Log-stream timing scaled from the configured first back-off (tests use a short one). */
    static dev.atrium.logs.LogStreamDelivery.Settings streamSettings(AtriumConfig.Logs logs) {
        Duration backoff = Duration.ofMillis(logs.streamBackoffMillis());
        Duration tick = backoff.dividedBy(2).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1)
                : backoff.dividedBy(2).compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : backoff.dividedBy(2);
        Duration settle = backoff.compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2)
                : backoff.compareTo(Duration.ofMillis(300)) < 0 ? Duration.ofMillis(300) : backoff;
        Duration max = backoff.multipliedBy(150).compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : backoff.multipliedBy(150);
        return new dev.atrium.logs.LogStreamDelivery.Settings(tick, settle, Duration.ofSeconds(30), backoff, max,
                logs.streamSuspendAfter(), 200, Duration.ofSeconds(10));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
