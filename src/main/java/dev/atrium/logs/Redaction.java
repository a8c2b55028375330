package dev.atrium.logs;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Removes credentials from event details before they are stored: any member whose name says it holds a
 * password, secret, code, token, assertion, key or authorization is replaced by {@code "[redacted]"}, at
 * any depth (Management API request bodies are logged, and they may carry any of these).
 */
public final class Redaction {
    static final String REDACTED = "[redacted]";
    private static final List<String> MARKERS = List.of("password", "secret", "token", "code", "assertion",
            "authorization", "private", "pem", "key", "otp", "ticket", "verifier", "credential");
    /** Names that contain a marker but hold no credential and help to explain an event. */
    private static final List<String> KEEP = List.of("reason", "error", "error_description", "statuscode", "errorcode", "reason_code",
            "response_type", "code_challenge_method", "grant_type", "credential_type", "key_id", "kid");

    private Redaction() {
    }

    /** A scrubbed deep copy. */
    public static ObjectNode scrub(ObjectNode details) {
        ObjectNode copy = details.deepCopy();
        walk(copy);
        return copy;
    }

    static boolean sensitive(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (KEEP.contains(n)) {
            return false;
        }
        for (String m : MARKERS) {
            if (n.contains(m)) {
                return true;
            }
        }
        return false;
    }

    private static void walk(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>(o.propertyNames());
            for (String name : names) {
                if (sensitive(name)) {
                    o.put(name, REDACTED);
                } else {
                    walk(o.get(name));
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(Redaction::walk);
        }
    }
}
