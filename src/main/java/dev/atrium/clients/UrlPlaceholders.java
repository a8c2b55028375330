package dev.atrium.clients;

import dev.atrium.common.RedirectTargets;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders Auth0 lets an application put in its URLs (organizations.md O18–O20, O99).
 * <ul>
 *   <li>{@code {organization_name}} in {@code callbacks}, {@code web_origins} and {@code allowed_origins}: the whole
 *       left-most label of an http(s) host, once, never next to a wildcard; never in {@code allowed_logout_urls} or
 *       {@code initiate_login_uri}. It is filled only with the name of the organization of the transaction, and only
 *       for an application that uses organizations; a URL is then compared exactly, as any other callback.</li>
 *   <li>{@code {organization.metadata.KEY}} only in {@code initiate_login_uri}; only keys starting with
 *       {@code public_} (any case) are ever filled, from the organization's metadata.</li>
 * </ul>
 */
public final class UrlPlaceholders {
    public static final String ORGANIZATION_NAME = "{organization_name}";
    private static final Pattern METADATA = Pattern.compile("\\{organization\\.metadata\\.([A-Za-z0-9_.-]*)}");
    /** What an organization name may be (OrganizationLimits.NAME); anything else never fills a URL. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,50}");

    private UrlPlaceholders() {
    }

    /** Empty when the placeholders of {@code url} are placed as the rules allow for {@code kind}; else why not. */
    static Optional<String> problem(RedirectTargets.Kind kind, String url) {
        boolean hasName = url.contains(ORGANIZATION_NAME);
        boolean hasMetadata = url.contains("{organization.metadata.");
        if (hasMetadata && kind != RedirectTargets.Kind.LOGIN_URI) {
            return Optional.of("must not contain an {organization.metadata.*} placeholder: it is allowed only in initiate_login_uri");
        }
        if (!hasName) {
            return Optional.empty();
        }
        if (kind == RedirectTargets.Kind.LOGOUT_URL || kind == RedirectTargets.Kind.LOGIN_URI) {
            return Optional.of("must not contain the {organization_name} placeholder: it is allowed only in callbacks and allowed origins");
        }
        if (url.indexOf(ORGANIZATION_NAME) != url.lastIndexOf(ORGANIZATION_NAME)) {
            return Optional.of("may contain the {organization_name} placeholder only once");
        }
        if (url.contains("*")) {
            return Optional.of("must not combine the {organization_name} placeholder with a wildcard");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        int start = lower.startsWith("https://") ? 8 : lower.startsWith("http://") ? 7 : -1;
        if (start < 0) {
            return Optional.of("may use the {organization_name} placeholder only in an http or https URL");
        }
        if (!url.startsWith(ORGANIZATION_NAME + ".", start)) {
            return Optional.of("must have the {organization_name} placeholder alone as the left-most label of the host");
        }
        return Optional.empty();
    }

    /** {@code url} with every placeholder replaced by a harmless stand-in, for the ordinary URL checks. */
    static String sample(String url) {
        return METADATA.matcher(url.replace(ORGANIZATION_NAME, "org")).replaceAll("x");
    }

    /**
     * Whether {@code url} is one of {@code registered}: exactly (a registered URL holding a placeholder never matches
     * itself literally), or through {@code {organization_name}} filled with {@code organizationName} — present only when
     * the transaction is in an organization's context and the application uses organizations (O18, O19).
     */
    public static boolean matches(List<String> registered, String url, Optional<String> organizationName) {
        if (url == null) {
            return false;
        }
        for (String r : registered) {
            if (!r.contains(ORGANIZATION_NAME)) {
                if (r.equals(url)) {
                    return true;
                }
            } else if (organizationName.isPresent() && NAME.matcher(organizationName.get()).matches()
                    && r.replace(ORGANIZATION_NAME, organizationName.get()).equals(url)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code value} is what {@code template} becomes with {@code {organization_name}} filled by some well-formed
     * organization name, whichever organization that would be. Only for a CORS preflight, which names no organization:
     * the request that follows is checked against the organization in its context with {@link #matches}.
     */
    public static boolean couldMatch(String template, String value) {
        int at = template.indexOf(ORGANIZATION_NAME);
        if (value == null || at < 0) {
            return false;
        }
        String head = template.substring(0, at);
        String tail = template.substring(at + ORGANIZATION_NAME.length());
        if (value.length() <= head.length() + tail.length() || !value.startsWith(head) || !value.endsWith(tail)) {
            return false;
        }
        return NAME.matcher(value.substring(head.length(), value.length() - tail.length())).matches();
    }

    /**
     * O20: {@code initiate_login_uri} with its {@code {organization.metadata.KEY}} placeholders filled from
     * {@code metadata}; empty when one cannot be filled (a key without the {@code public_} prefix, or a missing
     * value), so the caller falls back to the tenant's login route. Values are percent-encoded.
     */
    public static Optional<String> loginUri(String template, Map<String, String> metadata) {
        Matcher m = METADATA.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = key.toLowerCase(Locale.ROOT).startsWith("public_") ? metadata.get(key) : null;
            if (value == null || value.isEmpty()) {
                return Optional.empty();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(
                    java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")));
        }
        m.appendTail(out);
        String filled = out.toString();
        return RedirectTargets.allowed(RedirectTargets.Kind.LOGIN_URI, filled) ? Optional.of(filled) : Optional.empty();
    }
}
