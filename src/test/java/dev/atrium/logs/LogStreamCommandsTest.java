package dev.atrium.logs;

import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules a log stream's values follow however the command is built ({@link LogStreamRules}). */
class LogStreamCommandsTest {
    private static final String URL = "https://logs.example.com/in";

    @ParameterizedTest(name = "name \"{0}\" is refused")
    @CsvSource(quoteCharacter = '`', value = {"` `", "``", "`\t`"})
    void aNameIsOneTo200CharactersNotBlank(String name) {
        assertThatThrownBy(() -> new NewLogStream(name, URL, "JSONLINES", Optional.empty(), List.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessage("name must be a string of 1 to 200 characters");
        assertThatThrownBy(() -> new LogStreamPatch(Optional.of(name), Optional.empty(), Optional.empty(), Optional.empty(),
                Change.keep(), Optional.empty())).hasMessage("name must be a string of 1 to 200 characters");
    }

    @Test
    void lengthsAreBounded() {
        assertThat(NewLogStream.to(URL).withName("n".repeat(200)).name()).hasSize(200);
        assertThatThrownBy(() -> NewLogStream.to(URL).withName("n".repeat(201))).hasMessageStartingWith("name must be");
        assertThatThrownBy(() -> NewLogStream.to("https://l.example/" + "p".repeat(1000)))
                .hasMessage("sink.httpEndpoint is required (a URL of at most 1000 characters)");
        assertThatThrownBy(() -> new NewLogStream("n", URL, "JSONLINES", Optional.of("x".repeat(2001)), List.of()))
                .hasMessage("sink.httpAuthorization must be a header value of at most 2000 characters");
        assertThatThrownBy(() -> new NewLogStream("n", URL, "JSONLINES", Optional.empty(), Collections.nCopies(51, "auth.login.fail")))
                .hasMessage("filters must be an array of at most 50 category filters");
    }

    @ParameterizedTest(name = "format {0}: {1}")
    @CsvSource({"JSONARRAY, true", "JSONLINES, true", "JSONOBJECT, true", "jsonlines, false", "CSV, false"})
    void theContentFormatIsOneOfThree(String format, boolean accepted) {
        if (accepted) {
            assertThat(new NewLogStream("n", URL, format, Optional.empty(), List.of()).contentFormat()).isEqualTo(format);
        } else {
            assertThatThrownBy(() -> new NewLogStream("n", URL, format, Optional.empty(), List.of()))
                    .hasMessage("sink.httpContentFormat must be one of JSONARRAY, JSONLINES, JSONOBJECT");
        }
    }

    @Test
    void anEmptyHeaderMeansNone() {
        assertThat(new NewLogStream("n", URL, "JSONLINES", Optional.of(""), List.of()).authorization()).isEmpty();
        assertThat(new LogStreamPatch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Change.to(""),
                Optional.empty()).authorization()).isEqualTo(Change.clear());
        assertThatThrownBy(() -> new NewLogStream("n", URL, "JSONLINES", Optional.of("Bearer \u007f"), List.of()))
                .hasMessageStartingWith("sink.httpAuthorization must be");
    }

    @Test
    void categoriesAreKnownAndEachKeptOnce() {
        String known = LogTypes.categories().get(0);
        assertThat(new NewLogStream("n", URL, "JSONLINES", Optional.empty(), List.of(known, known)).categories()).containsExactly(known);
        assertThatThrownBy(() -> new NewLogStream("n", URL, "JSONLINES", Optional.empty(), List.of("nope")))
                .hasMessageStartingWith("Each filter is");
    }

    @ParameterizedTest(name = "status {0}: {1}")
    @CsvSource({"active, true", "paused, true", "suspended, false", "ACTIVE, false"})
    void onlyActiveOrPausedMayBeAsked(String status, boolean accepted) {
        if (accepted) {
            assertThat(LogStreamPatch.status(status).status()).contains(status);
        } else {
            assertThatThrownBy(() -> LogStreamPatch.status(status)).hasMessage("status must be active or paused");
        }
    }
}
