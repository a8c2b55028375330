package dev.atrium.email;

import tools.jackson.databind.JsonNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Liquid that e-mail templates need: {@code {{ a.b.c }}} outputs a variable, and
 * {@code {% if a.b %}…{% else %}…{% endif %}} (not nested) shows a part when the variable is set
 * (present, not {@code false}, not empty). In HTML every output is escaped, so a user's name cannot
 * add markup to a message. Unknown variables render as nothing; unknown tags stay visible, so a
 * template author sees what was not understood.
 */
public final class TemplateRenderer {
    private static final Pattern IF = Pattern.compile(
            "\\{%-?\\s*if\\s+([A-Za-z0-9_.]+)\\s*-?%}(.*?)(?:\\{%-?\\s*else\\s*-?%}(.*?))?\\{%-?\\s*endif\\s*-?%}", Pattern.DOTALL);
    private static final Pattern OUTPUT = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*}}");

    private TemplateRenderer() {
    }

    public static String render(String template, JsonNode vars, boolean html) {
        Matcher m = IF.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String part = truthy(lookup(vars, m.group(1))) ? m.group(2) : (m.group(3) == null ? "" : m.group(3));
            m.appendReplacement(out, Matcher.quoteReplacement(part));
        }
        m.appendTail(out);
        Matcher o = OUTPUT.matcher(out.toString());
        StringBuilder done = new StringBuilder();
        while (o.find()) {
            JsonNode v = lookup(vars, o.group(1));
            String text = v == null || v.isNull() || v.isMissingNode() ? "" : v.isValueNode() ? v.asString() : v.toString();
            o.appendReplacement(done, Matcher.quoteReplacement(html ? escape(text) : text));
        }
        o.appendTail(done);
        return done.toString();
    }

    static JsonNode lookup(JsonNode vars, String path) {
        JsonNode n = vars;
        for (String part : path.split("\\.")) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(part);
        }
        return n;
    }

    private static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isString()) {
            return !v.asString().isEmpty();
        }
        return true;
    }

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A readable plain-text form of an HTML body: links keep their address, tags go, entities are decoded. */
    public static String textOf(String html) {
        String s = html.replaceAll("(?is)<(head|style|script)[^>]*>.*?</\\1>", "");
        s = s.replaceAll("(?is)<a\\s[^>]*href\\s*=\\s*\"([^\"]*)\"[^>]*>(.*?)</a>", "$2 ($1)");
        s = s.replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</(p|div|h[1-6]|tr|li)>", "\n");
        s = s.replaceAll("(?s)<[^>]+>", "");
        s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&nbsp;", " ")
                .replace("&amp;", "&");
        s = s.replaceAll("[ \\t]+", " ").replaceAll("(?m)^ +| +$", "").replaceAll("\n{3,}", "\n\n");
        return s.strip() + "\n";
    }
}
