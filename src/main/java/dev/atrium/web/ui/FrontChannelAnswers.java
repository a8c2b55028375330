package dev.atrium.web.ui;

import dev.atrium.common.Json;
import dev.atrium.connections.oidc.SecretSealer;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The hand-over of a front-channel OpenID Connect answer. The upstream posts {@code id_token} (or {@code error}) and
 * {@code state} to {@code POST /login/callback} from its own site, so the browser's SameSite=Lax cookies are not on
 * that request and the transaction cannot be bound to the browser there. The post is therefore only sealed into an
 * answer (under the master key, {@link #LIFETIME} long, bound to a SHA-256 of the {@code state} it came with) and the
 * browser is sent on to {@code GET /login/callback?state=…&answer=…}, where its cookies arrive and the ID token is
 * validated in full. An answer is good only with the very {@code state} it was sealed with and only until it expires;
 * that the transaction may be completed once is the callback's rule (it must not be authenticated yet).
 *
 * <p>The sealed value travels in a URL, so it is written in base64url; {@link #MAX_ID_TOKEN} keeps it, with the
 * state, below the request-line limit.
 */
final class FrontChannelAnswers {
    static final Duration LIFETIME = Duration.ofMinutes(2);
    /** The longest {@code id_token} taken from a post (characters); a longer one is refused with a readable page. */
    static final int MAX_ID_TOKEN = 5000;
    private static final String PURPOSE = "oidc-answer";

    private final SecretSealer sealer;
    private final Clock clock;

    /** An opened answer: the ID token, or the upstream's error code (already reduced to a safe word). */
    record Answer(String idToken, String error) {
    }

    FrontChannelAnswers(SecretSealer sealer, Clock clock) {
        this.sealer = sealer;
        this.clock = clock;
    }

    /** Seals what was posted with {@code state}; {@code error} wins over an {@code id_token}. */
    String seal(String state, String idToken, String error) {
        ObjectNode a = Json.object().put("p", PURPOSE).put("sh", hash(state))
                .put("exp", clock.instant().plus(LIFETIME).getEpochSecond());
        if (error != null || idToken == null || idToken.isEmpty()) {
            a.put("err", error == null ? "no id_token" : safe(error));
        } else {
            a.put("idt", idToken);
        }
        byte[] sealed = Base64.getDecoder().decode(sealer.seal(Json.write(a)));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    /** The answer sealed with exactly this {@code state}, while it is fresh; empty for anything else. */
    Optional<Answer> open(String answer, String state) {
        if (answer == null || answer.isEmpty() || answer.length() > 8192 || state == null || state.isEmpty()) {
            return Optional.empty();
        }
        String standard;
        try {
            standard = Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(answer));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        byte[] expected = hash(state).getBytes(StandardCharsets.US_ASCII);
        return sealer.openDocument(standard, PURPOSE, clock.instant().getEpochSecond(), Integer.MAX_VALUE)
                .filter(a -> MessageDigest.isEqual(expected, Json.text(a, "sh", "").getBytes(StandardCharsets.US_ASCII)))
                .map(a -> a.has("err") ? new Answer(null, Json.text(a, "err", "error")) : new Answer(Json.text(a, "idt", ""), null));
    }

    /** An upstream error code as it may be shown: a short token of safe characters, else a neutral word. */
    static String safe(String error) {
        return error != null && error.matches("[A-Za-z0-9_.-]{1,64}") ? error : "error";
    }

    private static String hash(String state) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
