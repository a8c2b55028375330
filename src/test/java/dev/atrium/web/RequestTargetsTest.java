package dev.atrium.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The path read from the start of a request line, for choosing an error's shape. */
class RequestTargetsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "GET /api/v2/clients HTTP/1.1          | /api/v2/clients",
            "GET /api/v2/clients%00 HTTP/1.1       | /api/v2/clients%00",
            "POST /oauth/token?x=1 HTTP/1.1        | /oauth/token",
            "GET /u/login#frag HTTP/1.1            | /u/login",
            "GET http://host:8080/api/v2/x HTTP/1.1 | /api/v2/x",
            "GET https://host HTTP/1.1             | /",
            "GET /api/v2/cl                        | /api/v2/cl",
            "GET                                   | NULL",
            "GET * HTTP/1.1                        | NULL",
            "GARBAGE                               | NULL",
            "NULL                                  | NULL",
    })
    void readsThePathAsWritten(String line, String path) {
        assertThat(RequestTargets.pathIn(line == null ? null : line.stripTrailing())).isEqualTo(path);
    }

    @ParameterizedTest(name = "control character {0} ends the path")
    @CsvSource({"0", "9", "10", "13", "127"})
    void aControlCharacterEndsThePath(int c) {
        assertThat(RequestTargets.pathIn("GET /api/v2/clients" + (char) c + "rest HTTP/1.1")).isEqualTo("/api/v2/clients");
    }

    @org.junit.jupiter.api.Test
    void leadingLineBreaksOfAPipelinedRequestAreSkipped() {
        assertThat(RequestTargets.pathIn("\r\nGET /oauth/token HTTP/1.1")).isEqualTo("/oauth/token");
    }
}
