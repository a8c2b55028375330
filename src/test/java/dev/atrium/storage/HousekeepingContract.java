package dev.atrium.storage;

import dev.atrium.common.Ids;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Housekeeping} on each database: a table of rows, each either still usable (or within its grace) or not,
 * and after one pass exactly the unusable ones are gone. Run on the isolated database, so a pass with a clock
 * far from the wall clock touches no other contract's rows.
 */
public interface HousekeepingContract {
    Jdbi isolatedJdbi();

    Instant NOW = Instant.parse("2031-05-01T12:00:00Z");

    private static Object at(Duration fromNow) {
        return fromNow == null ? null : SqlTime.of(NOW.plus(fromNow));
    }

    private static Duration minutes(long m) {
        return Duration.ofMinutes(m);
    }

    private String transaction(Jdbi db, Duration expiresIn) {
        String id = Ids.alnum(24);
        db.useHandle(h -> h.createUpdate("insert into auth_transactions (id, client_id, device_id, doc, created_at, expires_at) "
                + "values (:id, 'c', 'd', '{}', :c, :e)").bind("id", id).bind("c", at(minutes(-60))).bind("e", at(expiresIn)).execute());
        return id;
    }

    private String code(Jdbi db, Duration expiresIn, boolean consumed) {
        String hash = Ids.alnum(43);
        db.useHandle(h -> h.createUpdate("insert into authorization_codes (code_hash, client_id, doc, created_at, expires_at, consumed_at) "
                        + "values (:h, 'c', '{}', :c, :e, :u)").bind("h", hash).bind("c", at(minutes(-60))).bind("e", at(expiresIn))
                .bind("u", consumed ? at(minutes(-59)) : null).execute());
        return hash;
    }

    private String session(Jdbi db, Duration expiresIn, Duration idleExpiresIn) {
        String hash = Ids.alnum(43);
        db.useHandle(h -> h.createUpdate("insert into sessions (id_hash, sid, user_id, connection_id, auth_time, created_at, last_active_at, "
                        + "expires_at, idle_expires_at) values (:h, :sid, 'auth0|u', 'con', :c, :c, :c, :e, :i)").bind("h", hash)
                .bind("sid", Ids.alnum(24)).bind("c", at(minutes(-60))).bind("e", at(expiresIn)).bind("i", at(idleExpiresIn)).execute());
        return hash;
    }

    /** A refresh token of {@code family}: rotated or revoked, and its three expiries (null: none). */
    private String token(Jdbi db, String family, boolean rotated, boolean revoked, Duration expires, Duration idle, Duration familyExpires) {
        String hash = Ids.alnum(43);
        db.useHandle(h -> h.createUpdate("insert into refresh_tokens (token_hash, family_id, client_id, user_id, doc, created_at, "
                        + "expires_at, idle_expires_at, family_expires_at, rotated_at, revoked_at) "
                        + "values (:h, :f, 'c', 'auth0|u', '{}', :c, :e, :i, :fe, :ro, :re)").bind("h", hash).bind("f", family)
                .bind("c", at(minutes(-60))).bind("e", at(expires)).bind("i", at(idle)).bind("fe", at(familyExpires))
                .bind("ro", rotated ? at(minutes(-30)) : null).bind("re", revoked ? at(minutes(-10)) : null).execute());
        return hash;
    }

    private String ticket(Jdbi db, Duration expiresIn) {
        String hash = Ids.alnum(43);
        db.useHandle(h -> h.createUpdate("insert into account_tickets (token_hash, kind, user_id, doc, created_at, expires_at) "
                + "values (:h, 'email_verification', 'auth0|u', '{}', :c, :e)").bind("h", hash).bind("c", at(minutes(-60)))
                .bind("e", at(expiresIn)).execute());
        return hash;
    }

    private String browser(Jdbi db, Duration expiresIn) {
        String hash = Ids.alnum(43);
        db.useHandle(h -> h.createUpdate("insert into mfa_remembered_browsers (token_hash, user_id, expires_at, created_at) "
                + "values (:h, 'auth0|u', :e, :c)").bind("h", hash).bind("e", at(expiresIn)).bind("c", at(minutes(-60))).execute());
        return hash;
    }

    private String invitation(Jdbi db, String org, String client, Duration expiresIn) {
        String id = Ids.prefixed("uinv_", 16);
        db.useHandle(h -> h.createUpdate("insert into organization_invitations (id, organization_id, ticket_id, client_id, invitee_email, "
                        + "doc, created_at, expires_at) values (:id, :o, :t, :c, 'a@example.com', '{}', :cr, :e)").bind("id", id)
                .bind("o", org).bind("t", Ids.alnum(32)).bind("c", client).bind("cr", at(Duration.ofDays(-60))).bind("e", at(expiresIn)).execute());
        return id;
    }

    /** A user's failed sign-ins from one address; returns the user key (the address is the same for all). */
    private String failures(Jdbi db, Duration lastFailure, boolean blocked) {
        String key = "con|" + Ids.alnum(12);
        db.useHandle(h -> h.createUpdate("insert into login_failures (user_key, ip, failures, last_failure, blocked_at) "
                + "values (:k, '203.0.113.9', :n, :l, :b)").bind("k", key).bind("n", blocked ? 10 : 2).bind("l", at(lastFailure))
                .bind("b", blocked ? at(lastFailure) : null).execute());
        return key;
    }

    private static boolean exists(Jdbi db, String table, String key, String value) {
        return db.withHandle(h -> h.createQuery("select count(*) from " + table + " where " + key + " = :v").bind("v", value)
                .mapTo(Long.class).one()) > 0;
    }

    @Test
    default void onePassDeletesExactlyTheRowsNoFlowCanUse() {
        Jdbi db = isolatedJdbi();
        Duration day = Duration.ofDays(1);
        // rows that must stay
        String liveTx = transaction(db, minutes(5));
        String liveCode = code(db, minutes(-5), true);                    // spent and expired, but within the day's grace
        String freshCode = code(db, minutes(5), false);
        String liveSession = session(db, day, minutes(30));
        String liveTicket = ticket(db, minutes(-60));                     // expired an hour ago: within the grace
        String liveBrowser = browser(db, day);
        String liveFamily = Ids.alnum(24);
        String rotatedOfLive = token(db, liveFamily, true, false, day, day, day);
        String currentOfLive = token(db, liveFamily, false, false, day, day, day);
        String forever = token(db, Ids.alnum(24), false, false, null, null, null);
        // rows that must go
        String deadTx = transaction(db, minutes(-1));
        String deadCode = code(db, day.plus(minutes(1)).negated(), true);
        String deadUnspentCode = code(db, day.plus(minutes(1)).negated(), false);
        String absoluteOver = session(db, minutes(-1), minutes(30));
        String idleOver = session(db, day, minutes(-1));
        String signedOut = session(db, day, day);
        String signedOutRecently = session(db, day, day);
        db.useHandle(h -> h.createUpdate("update sessions set revoked = true, last_active_at = :a where id_hash = :h")
                .bind("a", at(day.plus(minutes(1)).negated())).bind("h", signedOut).execute());
        db.useHandle(h -> h.createUpdate("update sessions set revoked = true where id_hash = :h").bind("h", signedOutRecently).execute());
        String deadTicket = ticket(db, day.plus(minutes(1)).negated());
        String deadBrowser = browser(db, minutes(-1));
        String idleFamily = Ids.alnum(24);
        String rotatedOfIdle = token(db, idleFamily, true, false, day, day, day);
        String currentOfIdle = token(db, idleFamily, false, false, day, minutes(-1), day);
        String revoked = token(db, Ids.alnum(24), false, true, day, day, day);
        String familyOver = token(db, Ids.alnum(24), false, false, null, null, minutes(-1));
        String expired = token(db, Ids.alnum(24), false, false, minutes(-1), null, null);
        // invitations: expired 29 days ago (still listed as expired) and 31 days ago (gone)
        String client = Ids.alnum(32);
        new JdbcClientStore(db, Clock.systemUTC()).create(new dev.atrium.clients.Client(client,
                dev.atrium.common.Json.object().put("name", "c " + client), java.util.Optional.empty()));
        String org = Ids.prefixed("org_", 16);
        db.useHandle(h -> h.createUpdate("insert into organizations (id, name, doc, created_at, updated_at) values (:id, :n, '{}', :c, :c)")
                .bind("id", org).bind("n", "hk-" + org.substring(4).toLowerCase()).bind("c", at(Duration.ofDays(-90))).execute());
        String recentInvitation = invitation(db, org, client, Duration.ofDays(-29));
        String oldInvitation = invitation(db, org, client, Duration.ofDays(-31));
        // failed sign-ins: counted for thirty days after the last; a blocked pair stays blocked however old
        String recentFailures = failures(db, Duration.ofDays(-29), false);
        String oldFailures = failures(db, Duration.ofDays(-31), false);
        String oldBlock = failures(db, Duration.ofDays(-400), true);

        Map<String, Integer> deleted = new Housekeeping(db, Clock.fixed(NOW, ZoneOffset.UTC)).run();

        assertThat(exists(db, "auth_transactions", "id", liveTx)).isTrue();
        assertThat(exists(db, "auth_transactions", "id", deadTx)).isFalse();
        assertThat(List.of(liveCode, freshCode)).allMatch(c -> exists(db, "authorization_codes", "code_hash", c));
        assertThat(List.of(deadCode, deadUnspentCode)).noneMatch(c -> exists(db, "authorization_codes", "code_hash", c));
        assertThat(List.of(liveSession, signedOutRecently)).allMatch(s -> exists(db, "sessions", "id_hash", s));
        assertThat(List.of(absoluteOver, idleOver, signedOut)).noneMatch(s -> exists(db, "sessions", "id_hash", s));
        assertThat(exists(db, "account_tickets", "token_hash", liveTicket)).isTrue();
        assertThat(exists(db, "account_tickets", "token_hash", deadTicket)).isFalse();
        assertThat(exists(db, "mfa_remembered_browsers", "token_hash", liveBrowser)).isTrue();
        assertThat(exists(db, "mfa_remembered_browsers", "token_hash", deadBrowser)).isFalse();
        assertThat(List.of(rotatedOfLive, currentOfLive, forever)).as("a live family keeps its rotated tokens (reuse detection)")
                .allMatch(t -> exists(db, "refresh_tokens", "token_hash", t));
        assertThat(List.of(rotatedOfIdle, currentOfIdle, revoked, familyOver, expired))
                .noneMatch(t -> exists(db, "refresh_tokens", "token_hash", t));
        assertThat(exists(db, "organization_invitations", "id", recentInvitation)).isTrue();
        assertThat(exists(db, "organization_invitations", "id", oldInvitation)).isFalse();
        assertThat(List.of(recentFailures, oldBlock)).allMatch(k -> exists(db, "login_failures", "user_key", k));
        assertThat(exists(db, "login_failures", "user_key", oldFailures)).isFalse();
        assertThat(deleted).containsEntry("refresh_tokens", 5).containsEntry("sessions", 3).containsEntry("authorization_codes", 2);

        // a second pass finds nothing more
        assertThat(new Housekeeping(db, Clock.fixed(NOW, ZoneOffset.UTC)).run()).isEmpty();
    }

    private String sessionOf(Jdbi db, String sid, String user, Duration expiresIn) {
        String hash = Ids.alnum(43);
        db.useHandle(h -> h.createUpdate("insert into sessions (id_hash, sid, user_id, connection_id, auth_time, created_at, last_active_at, "
                        + "expires_at, idle_expires_at) values (:h, :sid, :u, 'con', :c, :c, :c, :e, :e)").bind("h", hash)
                .bind("sid", sid).bind("u", user).bind("c", at(Duration.ofDays(-3))).bind("e", at(expiresIn)).execute());
        return hash;
    }

    /** A refresh token of {@code user} issued from the session {@code sid}, as the token store writes its document. */
    private void tokenOf(Jdbi db, String sid, String user, Duration expiresIn) {
        db.useHandle(h -> h.createUpdate("insert into refresh_tokens (token_hash, family_id, client_id, user_id, doc, created_at, expires_at) "
                        + "values (:h, :f, 'c', :u, :d, :c, :e)").bind("h", Ids.alnum(43)).bind("f", Ids.alnum(24)).bind("u", user)
                .bind("d", "{\"clientId\":\"c\",\"sid\":\"" + sid + "\",\"scope\":\"openid\"}").bind("c", at(Duration.ofDays(-3)))
                .bind("e", at(expiresIn)).execute());
    }

    /** The second-factor methods of the session {@code sid}, recorded {@code ago}; returns the sid. */
    private String methods(Jdbi db, String sid, String user, Duration ago) {
        db.useHandle(h -> h.createUpdate("insert into mfa_session_methods (sid, user_id, methods, created_at) values (:s, :u, 'pwd mfa otp', :c)")
                .bind("s", sid).bind("u", user).bind("c", at(ago.negated())).execute());
        return sid;
    }

    @Test
    default void sessionMethodsStayWhileTheirSessionOrOneOfItsRefreshTokensDoes() {
        Jdbi db = isolatedJdbi();
        Duration day = Duration.ofDays(1);
        Duration twoDays = Duration.ofDays(2);
        String user = "auth0|" + Ids.alnum(12);
        String other = "auth0|" + Ids.alnum(12);
        String ofLiveSession = methods(db, Ids.alnum(32), user, twoDays);
        sessionOf(db, ofLiveSession, user, day);
        String ofLiveToken = methods(db, Ids.alnum(32), user, twoDays);          // the session is gone, a refresh token of it is not
        tokenOf(db, ofLiveToken, user, day);
        String justRecorded = methods(db, Ids.alnum(32), user, minutes(30));     // its session may not be written yet
        String orphan = methods(db, Ids.alnum(32), user, twoDays);
        String endedTogether = methods(db, Ids.alnum(32), user, twoDays);        // session and token expire: all three go in one pass
        sessionOf(db, endedTogether, user, minutes(-1));
        tokenOf(db, endedTogether, user, minutes(-1));
        String anotherUsersToken = methods(db, Ids.alnum(32), user, twoDays);   // only the user's own tokens keep it
        tokenOf(db, anotherUsersToken, other, day);

        Map<String, Integer> deleted = new Housekeeping(db, Clock.fixed(NOW, ZoneOffset.UTC)).run();

        assertThat(List.of(ofLiveSession, ofLiveToken, justRecorded)).allMatch(s -> exists(db, "mfa_session_methods", "sid", s));
        assertThat(List.of(orphan, endedTogether, anotherUsersToken)).noneMatch(s -> exists(db, "mfa_session_methods", "sid", s));
        assertThat(deleted).containsEntry("mfa_session_methods", 3);
        assertThat(new Housekeeping(db, Clock.fixed(NOW, ZoneOffset.UTC)).run()).doesNotContainKey("mfa_session_methods");
    }

    @Test
    default void aBacklogLargerThanOneBatchGoesInOnePass() {
        Jdbi db = isolatedJdbi();
        int n = Housekeeping.BATCH * 2 + 7;
        db.useHandle(h -> {
            var batch = h.prepareBatch("insert into auth_transactions (id, client_id, device_id, doc, created_at, expires_at) "
                    + "values (:id, 'c', 'd', '{}', :c, :e)");
            for (int i = 0; i < n; i++) {
                batch.bind("id", "hk-" + Ids.alnum(20)).bind("c", at(Duration.ofDays(-3))).bind("e", at(Duration.ofDays(-2))).add();
            }
            batch.execute();
        });
        Map<String, Integer> deleted = new Housekeeping(db, Clock.fixed(NOW, ZoneOffset.UTC)).run();
        assertThat(deleted.get("auth_transactions")).isGreaterThanOrEqualTo(n);
        long left = db.withHandle(h -> h.createQuery("select count(*) from auth_transactions where id like 'hk-%'").mapTo(Long.class).one());
        assertThat(left).isZero();
    }
}
