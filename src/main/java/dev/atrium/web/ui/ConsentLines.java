package dev.atrium.web.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The lines of the consent screen (third-party-apps.md T67). By default, as in Auth0, a line is made from the
 * scopes' names: the scopes {@code action:resource} of one resource share a line that names the resource and
 * its actions ({@code read:posts write:posts} → "Posts: read and write your posts"); a scope of another shape
 * is a line of its own, its name. With the tenant flag {@code use_scope_descriptions_for_consent}, each scope
 * is a line of its own, its description (its name when it has none). Every line lists its scopes, each marked
 * when the user's stored consent lacks it (T69).
 */
final class ConsentLines {
    private ConsentLines() {
    }

    static List<Views.ScopeLine> of(List<String> scopes, boolean useDescriptions, Function<String, String> description,
                                    Predicate<String> added) {
        List<Views.ScopeLine> lines = new ArrayList<>();
        if (useDescriptions) {
            for (String s : scopes) {
                lines.add(new Views.ScopeLine(description.apply(s), List.of(new Views.ScopeCode(s, added.test(s)))));
            }
            return lines;
        }
        Map<String, List<String>> byResource = new LinkedHashMap<>();
        for (String s : scopes) {
            int colon = s.indexOf(':');
            boolean actionOnResource = colon > 0 && colon < s.length() - 1 && s.indexOf(':', colon + 1) < 0;
            // a scope of another shape keys a group of its own (a resource name never starts with a space)
            byResource.computeIfAbsent(actionOnResource ? s.substring(colon + 1) : " " + s, k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<String>> group : byResource.entrySet()) {
            List<Views.ScopeCode> codes = group.getValue().stream().map(s -> new Views.ScopeCode(s, added.test(s))).toList();
            String text = group.getKey().startsWith(" ") ? group.getKey().substring(1) : sentence(group.getKey(), group.getValue());
            lines.add(new Views.ScopeLine(text, codes));
        }
        return lines;
    }

    /** "Order items: read and write your order items" for {@code read:order_items write:order_items}. */
    private static String sentence(String resource, List<String> scopes) {
        String words = resource.replace('_', ' ').replace('-', ' ');
        List<String> actions = scopes.stream().map(s -> s.substring(0, s.indexOf(':')).replace('_', ' ').replace('-', ' ')).toList();
        String joined = actions.size() == 1 ? actions.get(0)
                : String.join(", ", actions.subList(0, actions.size() - 1)) + " and " + actions.get(actions.size() - 1);
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1) + ": " + joined + " your " + words;
    }
}
