package dev.atrium.web.ui;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** T67 and T69 as a table: the consent screen's lines for the requested scopes, in both of the tenant's modes. */
class ConsentLinesTest {
    static final Map<String, String> DESCRIPTIONS = Map.of("read:messages", "Be able to read your email messages",
            "write:messages", "Write messages");

    /** Each line as "text [scope, scope*]", a star marking a scope the stored consent lacks. */
    static List<String> render(List<Views.ScopeLine> lines) {
        return lines.stream().map(l -> l.text() + " " + l.scopes().stream().map(s -> s.value() + (s.added() ? "*" : "")).toList()).toList();
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("T67 names: one resource's actions share a line", "read:messages write:messages", false, "",
                        List.of("Messages: read and write your messages [read:messages, write:messages]")),
                Arguments.of("T67 names: three actions, in the order asked", "read:posts delete:posts write:posts", false, "",
                        List.of("Posts: read, delete and write your posts [read:posts, delete:posts, write:posts]")),
                Arguments.of("T67 names: one line per resource, first seen first", "read:orders read:invoices write:orders", false, "",
                        List.of("Orders: read and write your orders [read:orders, write:orders]", "Invoices: read your invoices [read:invoices]")),
                Arguments.of("T67 names: underscores and dashes read as spaces", "read:order_items update-all:order_items", false, "",
                        List.of("Order items: read and update all your order items [read:order_items, update-all:order_items]")),
                Arguments.of("T67 names: a scope of another shape is its own line", "offline_access read:a:b :x y: read:messages", false, "",
                        List.of("offline_access [offline_access]", "read:a:b [read:a:b]", ":x [:x]", "y: [y:]",
                                "Messages: read your messages [read:messages]")),
                Arguments.of("T67 descriptions: one line per scope", "read:messages write:messages", true, "",
                        List.of("Be able to read your email messages [read:messages]", "Write messages [write:messages]")),
                Arguments.of("T67 descriptions: a scope without one shows its name", "read:messages read:other", true, "",
                        List.of("Be able to read your email messages [read:messages]", "read:other [read:other]")),
                Arguments.of("T69 names: the scope the stored consent lacks is marked within its line", "read:messages write:messages",
                        false, "read:messages", List.of("Messages: read and write your messages [read:messages, write:messages*]")),
                Arguments.of("T69 descriptions: marked on its own line", "read:messages write:messages", true, "read:messages",
                        List.of("Be able to read your email messages [read:messages]", "Write messages [write:messages*]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void linesOfTheConsentScreen(String rule, String requested, boolean useDescriptions, String consented, List<String> expected) {
        Set<String> before = Set.of(consented.isEmpty() ? new String[0] : consented.split(" "));
        List<Views.ScopeLine> lines = ConsentLines.of(Arrays.asList(requested.split(" ")), useDescriptions,
                s -> DESCRIPTIONS.getOrDefault(s, s), s -> !consented.isEmpty() && !before.contains(s));
        assertThat(render(lines)).containsExactlyElementsOf(expected);
    }
}
