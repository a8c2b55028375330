package dev.atrium.logs;

import dev.atrium.access.ReasonCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal an administrator can meet in the log is explained in words: each {@link ReasonCode} (the
 * organization decision, the third-party and API refusals) and each reason code the main sources record.
 */
class ReasonWordsTest {

    @Test
    void everyReasonCodeHasWords() {
        List<String> bare = new ArrayList<>();
        for (ReasonCode r : ReasonCode.values()) {
            String words = Reasons.explain(r.code());
            if (words.equals(r.code()) || words.isBlank()) {
                bare.add(r.code());
            }
        }
        assertThat(bare).as("reason codes without words in logs.Reasons").isEmpty();
    }

    @Test
    void everyReasonTheSourcesRecordHasWords() throws IOException {
        Pattern recorded = Pattern.compile("\\.reason\\(\"([a-z_]+)\"\\)");
        TreeSet<String> codes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = recorded.matcher(Files.readString(f));
                while (m.find()) {
                    codes.add(m.group(1));
                }
            }
        }
        assertThat(codes).as("the scan found the recorded reasons").contains("wrong_password", "consent_refused");
        assertThat(codes).allSatisfy(code -> assertThat(Reasons.explain(code)).as(code).isNotEqualTo(code));
    }

    @Test
    void anUnknownCodeIsShownAsItIs() {
        assertThat(Reasons.explain("no_such_reason")).isEqualTo("no_such_reason");
    }
}
