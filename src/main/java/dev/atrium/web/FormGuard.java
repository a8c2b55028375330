package dev.atrium.web;

import dev.atrium.oauth.OAuthException;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/**
 * Form bodies are decoded once, up front, for every route: a body that is not valid
 * {@code application/x-www-form-urlencoded} UTF-8 (a stray {@code %}, a bad escape, broken bytes) or
 * that carries absurdly many fields is refused as {@code invalid_request} in the route's shape, so no
 * handler meets a decoding failure half-way through its work.
 */
public final class FormGuard {
    /** More fields than any form or token request of Atrium has, by far. */
    static final int MAX_FIELDS = 200;

    private FormGuard() {
    }

    /**
     * The only routes that take file uploads (the Auth0 tenant and users files, issue 16); every other
     * route refuses a multipart body before the container's parser sees it.
     */
    static final java.util.Set<String> UPLOADS = java.util.Set.of("/api/v2/jobs/users-imports",
            "/dashboard/import/tenant", "/dashboard/import/users");

    public static boolean isUpload(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")
                && ctx.method().name().equals("POST") && UPLOADS.contains(ctx.path());
    }

    static void check(Context ctx) {
        String type = ctx.contentType();
        if (ctx.path().startsWith("/api/v2")) {
            return; // the Management API authenticates first and takes JSON only (uploads aside)
        }
        String media = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
        if (media.startsWith("multipart/")) {
            if (isUpload(ctx)) {
                return;
            }
            throw OAuthException.invalidRequest("Multipart bodies are not accepted; send application/x-www-form-urlencoded.");
        }
        if (media.startsWith("application/x-www-form-urlencoded")) {
            formParams(ctx);
        }
    }

    static Map<String, List<String>> formParams(Context ctx) {
        Map<String, List<String>> form;
        try {
            form = ctx.formParamMap();
        } catch (io.javalin.http.HttpResponseException e) {
            throw e; // a body over the size limit keeps its 413
        } catch (RuntimeException e) {
            throw OAuthException.invalidRequest("The form cannot be decoded.");
        }
        if (form.size() > MAX_FIELDS) {
            throw OAuthException.invalidRequest("The form has too many fields.");
        }
        for (Map.Entry<String, List<String>> f : form.entrySet()) {
            if (hasBrokenText(f.getKey()) || f.getValue().stream().anyMatch(FormGuard::hasBrokenText)) {
                throw OAuthException.invalidRequest("The form is not valid UTF-8 text.");
            }
        }
        return form;
    }

    /** U+FFFD marks bytes that were not UTF-8; NUL and other C0 controls (but tab and newlines) have no business in a form. */
    private static boolean hasBrokenText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\uFFFD' || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
                return true;
            }
        }
        return false;
    }
}
