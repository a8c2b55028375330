package dev.atrium;

import dev.atrium.common.OAuthError;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One error vocabulary (issue 10 point 5): an OAuth error code is spelled once, in {@link OAuthError}. Every
 * other main source names the constant, so a typo is a compile error instead of a silently wrong answer.
 */
class OAuthErrorVocabularyTest {
    private static final Path MAIN = Path.of("src", "main", "java");
    private static final Path ENUM = MAIN.resolve(Path.of("dev", "atrium", "common", "OAuthError.java"));

    @Test
    void noMainSourceQuotesAnOAuthErrorCode() throws IOException {
        Pattern quoted = Pattern.compile("\"(" + Arrays.stream(OAuthError.values()).map(OAuthError::code)
                .collect(Collectors.joining("|")) + ")\"");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.equals(ENUM)).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = quoted.matcher(lines.get(i));
                    while (m.find()) {
                        found.add(MAIN.relativize(file) + ":" + (i + 1) + " " + m.group());
                    }
                }
            }
        }
        assertThat(found).as("OAuth error codes written as string literals; use OAuthError instead").isEmpty();
    }

    @Test
    void theScanWouldSeeALiteral() {
        // guards the test above against a pattern that can never match
        assertThat("throw new OAuthException(400, \"invalid_request\", d)")
                .containsPattern("\"(" + OAuthError.INVALID_REQUEST.code() + ")\"");
    }

    @Test
    void wireCodesRoundTripAndUnknownCodesAreRefused() {
        for (OAuthError e : OAuthError.values()) {
            assertThat(OAuthError.of(e.code())).isSameAs(e);
            assertThat(e.toString()).isEqualTo(e.code()).matches("[a-z_]+");
        }
        assertThat(OAuthError.ACCESS_DENIED.code()).isEqualTo("access_denied");
        assertThatThrownBy(() -> OAuthError.of("Invalid_Request")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OAuthError.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
