package dev.atrium.clients;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.common.RedirectTargets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The URL-valued properties of a client document, judged by the one URL rule, {@link RedirectTargets}. */
final class ClientUrls {
    private ClientUrls() {
    }

    /** The URL-valued properties and how {@link RedirectTargets} judges them (issue 9 point 9). */
    static final Map<String, RedirectTargets.Kind> FIELDS = Map.of(
            "callbacks", RedirectTargets.Kind.CALLBACK,
            "allowed_logout_urls", RedirectTargets.Kind.LOGOUT_URL,
            "initiate_login_uri", RedirectTargets.Kind.LOGIN_URI,
            "web_origins", RedirectTargets.Kind.ORIGIN,
            "allowed_origins", RedirectTargets.Kind.ORIGIN);
    private static final Set<String> WEB_ONLY_APP_TYPES = Set.of(AppType.SPA.wire(), AppType.REGULAR_WEB.wire(),
            AppType.NON_INTERACTIVE.wire());

    /**
     * Every listed URL passes {@link RedirectTargets}; a native application's private-use scheme only on an
     * application that is not a browser or machine application.
     */
    static void check(ObjectNode doc, Set<String> fields) {
        boolean webOnly = WEB_ONLY_APP_TYPES.contains(Json.text(doc, "app_type", ""));
        for (String field : fields) {
            JsonNode v = doc.get(field);
            if (v == null || v.isNull() || (v.isString() && v.asString().isEmpty() && field.equals("initiate_login_uri"))) {
                continue;
            }
            List<String> urls = v.isArray() ? Json.stringList(v) : v.isString() ? List.of(v.asString()) : List.of();
            for (String url : urls) {
                // O18–O20, O99: placeholders where Auth0 allows them, then the ordinary rule on the URL they make
                Optional<String> problem = UrlPlaceholders.problem(FIELDS.get(field), url)
                        .or(() -> RedirectTargets.problem(FIELDS.get(field), UrlPlaceholders.sample(url)));
                if (problem.isEmpty() && webOnly && !RedirectTargets.isWeb(url)) {
                    problem = Optional.of("may use a private-use scheme only for native applications");
                }
                if (problem.isPresent()) {
                    throw new InvalidRequestException(field, field + " value \"" + url + "\" " + problem.get());
                }
            }
        }
    }
}
