package dev.atrium.web.dashboard;

import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Small helpers shared by the sections: option lists, badges, and turning form text into document values. */
final class Forms {
    private Forms() {
    }

    /** Options from value/label pairs, selecting the ones in {@code selected}. */
    static List<Ui.Option> options(List<String[]> pairs, Collection<String> selected) {
        List<Ui.Option> out = new ArrayList<>();
        for (String[] p : pairs) {
            out.add(new Ui.Option(p[0], p[1], selected.contains(p[0])));
        }
        return out;
    }

    static List<Ui.Option> options(List<String[]> pairs, String selected) {
        return options(pairs, selected == null ? List.of() : List.of(selected));
    }

    static String[] pair(String value, String label) {
        return new String[]{value, label};
    }

    static Ui.Badge badge(String label, String tone) {
        return new Ui.Badge(label, tone);
    }

    /** Puts the text, or removes the property ({@code null} in a PATCH) when the field was left empty. */
    static void textOrRemove(ObjectNode patch, String name, String value) {
        if (value == null || value.isEmpty()) {
            patch.putNull(name);
        } else {
            patch.put(name, value);
        }
    }

    static String lines(List<String> values) {
        return String.join("\n", values);
    }

    /** Case-insensitive "contains" over any of the given texts. */
    static boolean matches(String q, String... texts) {
        if (q == null || q.isEmpty()) {
            return true;
        }
        String needle = q.toLowerCase(java.util.Locale.ROOT);
        for (String t : texts) {
            if (t != null && t.toLowerCase(java.util.Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    static Map<String, String> hidden(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static String date(String iso) {
        return iso == null || iso.length() < 10 ? (iso == null ? "" : iso) : iso.substring(0, 10);
    }

    static ObjectNode object() {
        return Json.object();
    }
}
