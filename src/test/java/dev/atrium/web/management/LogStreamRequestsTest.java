package dev.atrium.web.management;

import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.logs.LogStreamPatch;
import dev.atrium.logs.NewLogStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LogStreamRequests}: log stream bodies have no schema, so the JSON types are checked here, with
 * the same messages as the values' own rules in the commands.
 */
class LogStreamRequestsTest {
    private static final String SINK = "\"sink\":{\"httpEndpoint\":\"https://logs.example.com/in\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}                                                   | type    | type must be http (the only log stream type Atrium delivers)",
            "{\"type\":\"eventbridge\"}                           | type    | type must be http (the only log stream type Atrium delivers)",
            "{\"type\":\"http\",\"name\":5}                       | name    | name must be a string of 1 to 200 characters",
            "{\"type\":\"http\",\"name\":\" \"," + SINK + "}      | name    | name must be a string of 1 to 200 characters",
            "{\"type\":\"http\"}                                  | sink    | sink is required",
            "{\"type\":\"http\",\"sink\":{}}                      | sink    | sink.httpEndpoint is required (a URL of at most 1000 characters)",
            "{\"type\":\"http\",\"sink\":{\"httpEndpoint\":1}}    | sink    | sink.httpEndpoint is required (a URL of at most 1000 characters)",
            "{\"type\":\"http\",\"sink\":{\"httpEndpoint\":\"https://l.example\",\"httpContentFormat\":\"XML\"}} | sink "
                    + "| sink.httpContentFormat must be one of JSONARRAY, JSONLINES, JSONOBJECT",
            "{\"type\":\"http\",\"sink\":{\"httpEndpoint\":\"https://l.example\",\"httpAuthorization\":[]}} | sink "
                    + "| sink.httpAuthorization must be a header value of at most 2000 characters",
            "{\"type\":\"http\",\"sink\":{\"httpEndpoint\":\"https://l.example\",\"httpAuthorization\":\"a\\nb\"}} | sink "
                    + "| sink.httpAuthorization must be a header value of at most 2000 characters",
            "{\"type\":\"http\"," + SINK + ",\"filters\":{}}     | filters | filters must be an array of at most 50 category filters",
    })
    void aBrokenCreateBodyIsRefused(String json, String field, String message) {
        assertThatThrownBy(() -> LogStreamRequests.newStream(Json.parseObject(json)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "[{\"type\":\"type\",\"name\":\"auth.login\"}]",
            "[{\"type\":\"category\",\"name\":\"nonsense\"}]",
            "[{\"type\":\"category\",\"name\":3}]",
            "[\"auth.login\"]",
    })
    void aFilterMustBeAKnownCategory(String filters) {
        assertThatThrownBy(() -> LogStreamRequests.newStream(Json.parseObject("{\"type\":\"http\"," + SINK + ",\"filters\":" + filters + "}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("Each filter is {\"type\":\"category\",\"name\":…} with one of ");
    }

    @Test
    void aCreateBodyMapsWithItsDefaults() {
        NewLogStream s = LogStreamRequests.newStream(Json.parseObject("{\"type\":\"http\",\"name\":null," + SINK
                + ",\"filters\":[{\"type\":\"category\",\"name\":\"auth.login.fail\"},{\"type\":\"category\",\"name\":\"auth.login.fail\"}]}"));

        assertThat(s).isEqualTo(new NewLogStream("Log stream", "https://logs.example.com/in", "JSONLINES", Optional.empty(),
                List.of("auth.login.fail")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"type\":\"http\"}                | type    | Payload validation error: 'Additional properties not allowed: type'.",
            "{\"name\":\"\"}                    | name    | name must be a string of 1 to 200 characters",
            "{\"status\":\"suspended\"}         | status  | status must be active or paused",
            "{\"status\":null}                  | status  | status must be active or paused",
            "{\"sink\":[]}                      | sink    | sink must be an object",
            "{\"sink\":{\"httpEndpoint\":null}} | sink    | sink.httpEndpoint is required (a URL of at most 1000 characters)",
            "{\"filters\":\"all\"}              | filters | filters must be an array of at most 50 category filters",
    })
    void aBrokenPatchIsRefused(String json, String field, String message) {
        assertThatThrownBy(() -> LogStreamRequests.patch(Json.parseObject(json)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}                                           | keep",
            "{\"sink\":{}}                                | keep",
            "{\"sink\":{\"httpAuthorization\":null}}      | clear",
            "{\"sink\":{\"httpAuthorization\":\"\"}}      | clear",
            "{\"sink\":{\"httpAuthorization\":\"Bearer x\"}} | to:Bearer x",
    })
    void theAuthorizationHeaderIsKeptRemovedOrSet(String json, String expected) {
        Change<String> a = LogStreamRequests.patch(Json.parseObject(json)).authorization();

        assertThat(!a.present() ? "keep" : a.value().map(v -> "to:" + v).orElse("clear")).isEqualTo(expected);
    }

    @Test
    void aPatchMapsWhatItGives() {
        LogStreamPatch p = LogStreamRequests.patch(Json.parseObject(
                "{\"name\":null,\"status\":\"paused\",\"sink\":{\"httpContentFormat\":\"JSONARRAY\"},\"filters\":null}"));

        assertThat(p).isEqualTo(new LogStreamPatch(Optional.empty(), Optional.of("paused"), Optional.empty(), Optional.of("JSONARRAY"),
                Change.keep(), Optional.of(List.of())));
    }
}
