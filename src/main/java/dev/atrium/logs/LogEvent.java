package dev.atrium.logs;

import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One tenant log event with Auth0's fields. {@code details} is a JSON object (for refusals it holds
 * {@code reason}, the stable reason code, and the inputs of the decision).
 */
public record LogEvent(String logId, Instant date, String type, String description, String clientId, String clientName,
                       String connection, String connectionId, String userId, String userName, String ip,
                       String userAgent, String hostname, String organizationId, String organizationName,
                       String audience, String scope, ObjectNode details) {

    /** A new event of {@code type}; the log assigns its id and date when it is recorded. */
    public static Builder of(String type, String description) {
        return new Builder(type, description);
    }

    /** The event as Auth0's log API shows it. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("log_id", logId);
        o.put("_id", logId);
        o.put("date", date.toString());
        o.put("type", type);
        o.put("description", description);
        o.put("client_id", clientId);
        o.put("client_name", clientName);
        o.put("connection", connection);
        o.put("connection_id", connectionId);
        o.put("user_id", userId);
        o.put("user_name", userName);
        o.put("ip", ip);
        o.put("user_agent", userAgent);
        o.put("hostname", hostname);
        o.put("organization_id", organizationId);
        o.put("organization_name", organizationName);
        o.put("audience", audience);
        o.put("scope", scope);
        o.set("details", details == null ? Json.object() : details.deepCopy());
        o.put("category", LogTypes.category(type));
        return o;
    }

    /** Fluent construction at the place an outcome is decided; unset fields stay null. */
    public static final class Builder {
        final String type;
        String description;
        String clientId;
        String clientName;
        String connection;
        String connectionId;
        String userId;
        String userName;
        String ip;
        String userAgent;
        String hostname;
        String organizationId;
        String organizationName;
        String audience;
        String scope;
        final ObjectNode details = Json.object();

        Builder(String type, String description) {
            this.type = type;
            this.description = description;
        }

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        public Builder client(String id, String name) {
            this.clientId = id;
            this.clientName = name;
            return this;
        }

        public Builder connection(String name, String id) {
            this.connection = name;
            this.connectionId = id;
            return this;
        }

        public Builder user(String id, String name) {
            this.userId = id;
            this.userName = name;
            return this;
        }

        public Builder organization(String id, String name) {
            this.organizationId = id;
            this.organizationName = name;
            return this;
        }

        public Builder audience(String a) {
            this.audience = a;
            return this;
        }

        public Builder scope(String s) {
            this.scope = s;
            return this;
        }

        /** Overrides the request's address (events recorded away from the request that caused them). */
        public Builder origin(String ip, String userAgent, String hostname) {
            this.ip = ip;
            this.userAgent = userAgent;
            this.hostname = hostname;
            return this;
        }

        public Builder detail(String key, String value) {
            if (value != null) {
                details.put(key, value);
            }
            return this;
        }

        public Builder detail(String key, tools.jackson.databind.JsonNode value) {
            if (value != null) {
                details.set(key, value);
            }
            return this;
        }

        public Builder reason(String code) {
            return detail("reason", code);
        }

        public ObjectNode details() {
            return details;
        }

        public String type() {
            return type;
        }

        LogEvent build(String logId, Instant date, RequestOrigin.Origin origin) {
            String ipv = ip != null ? ip : origin == null ? null : origin.ip();
            String ua = userAgent != null ? userAgent : origin == null ? null : origin.userAgent();
            String host = hostname != null ? hostname : origin == null ? null : origin.hostname();
            return new LogEvent(logId, date, type, clip(description, 1000), clip(clientId, 200), clip(clientName, 400),
                    clip(connection, 200), clip(connectionId, 100), clip(userId, 300), clip(userName, 400), clip(ipv, 64),
                    clip(ua, 600), clip(host, 300), clip(organizationId, 100), clip(organizationName, 200),
                    clip(audience, 600), clip(scope, 2000), Redaction.scrub(details));
        }

        private static String clip(String s, int max) {
            return s == null || s.length() <= max ? s : s.substring(0, max);
        }
    }
}
