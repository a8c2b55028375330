package dev.atrium.logs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event types Atrium records, with Auth0's codes where Auth0 has one, and the category each
 * belongs to (the names log-stream filters use). Types Auth0 does not define are Atrium's own and
 * spelled out in words ({@code consent_given}, {@code organization_member_added}, …).
 */
public final class LogTypes {
    private LogTypes() {
    }

    public static final String LOGIN_SUCCESS = "s";
    public static final String LOGIN_FAILED = "f";
    public static final String WRONG_PASSWORD = "fp";
    public static final String UNKNOWN_USER = "fu";
    public static final String SIGNUP_SUCCESS = "ss";
    public static final String SIGNUP_FAILED = "fs";
    public static final String LOGOUT_SUCCESS = "slo";
    public static final String LOGOUT_FAILED = "flo";
    public static final String CODE_EXCHANGE = "seacft";
    public static final String CODE_EXCHANGE_FAILED = "feacft";
    public static final String REFRESH_EXCHANGE = "sertft";
    public static final String REFRESH_EXCHANGE_FAILED = "fertft";
    public static final String CLIENT_CREDENTIALS_EXCHANGE = "seccft";
    public static final String CLIENT_CREDENTIALS_EXCHANGE_FAILED = "feccft";
    public static final String PASSWORD_CHANGED = "scp";
    public static final String PASSWORD_CHANGE_FAILED = "fcp";
    public static final String BLOCKED_ACCOUNT = "limit_wc";
    public static final String BLOCKED_IP = "limit_mu";
    public static final String MANAGEMENT_SUCCESS = "sapi";
    public static final String MANAGEMENT_FAILED = "fapi";
    public static final String CONSENT_GIVEN = "consent_given";
    public static final String CONSENT_REFUSED = "consent_refused";
    public static final String CLIENT_REGISTERED = "client_registered";
    public static final String CLIENT_REGISTRATION_FAILED = "client_registration_failed";
    public static final String MEMBER_ADDED = "organization_member_added";
    public static final String MEMBER_REMOVED = "organization_member_removed";
    public static final String INVITATION_CREATED = "organization_invitation_created";
    public static final String INVITATION_DELETED = "organization_invitation_deleted";
    public static final String USER_BLOCKED = "user_blocked";
    /** An invitation to an organization accepted at sign-in (O77). */
    public static final String INVITATION_ACCEPTED = "si";
    /** An invitation refused at sign-in: unknown, expired, for another organization, or used up meanwhile. */
    public static final String INVITATION_REFUSED = "fi";

    private static final Map<String, String> CATEGORY = new LinkedHashMap<>();

    static {
        put("auth.login.success", LOGIN_SUCCESS);
        put("auth.login.fail", LOGIN_FAILED, WRONG_PASSWORD, UNKNOWN_USER);
        put("auth.signup.success", SIGNUP_SUCCESS);
        put("auth.signup.fail", SIGNUP_FAILED);
        put("auth.logout.success", LOGOUT_SUCCESS);
        put("auth.logout.fail", LOGOUT_FAILED);
        put("auth.token_exchange.success", CODE_EXCHANGE, REFRESH_EXCHANGE, CLIENT_CREDENTIALS_EXCHANGE);
        put("auth.token_exchange.fail", CODE_EXCHANGE_FAILED, REFRESH_EXCHANGE_FAILED, CLIENT_CREDENTIALS_EXCHANGE_FAILED);
        put("auth.ancillary.success", CONSENT_GIVEN, CLIENT_REGISTERED, INVITATION_ACCEPTED);
        put("auth.ancillary.fail", CONSENT_REFUSED, CLIENT_REGISTRATION_FAILED, BLOCKED_ACCOUNT, BLOCKED_IP, INVITATION_REFUSED);
        put("user.success", PASSWORD_CHANGED);
        put("user.fail", PASSWORD_CHANGE_FAILED);
        put("user.notification", USER_BLOCKED);
        put("management.success", MANAGEMENT_SUCCESS, MEMBER_ADDED, MEMBER_REMOVED, INVITATION_CREATED, INVITATION_DELETED);
        put("management.fail", MANAGEMENT_FAILED);
    }

    private static void put(String category, String... types) {
        for (String t : types) {
            CATEGORY.put(t, category);
        }
    }

    /** The category of a type; {@code other} for a type outside the table. */
    public static String category(String type) {
        return CATEGORY.getOrDefault(type, "other");
    }

    /** Every category a stream filter may name. */
    public static List<String> categories() {
        List<String> out = CATEGORY.values().stream().distinct().collect(java.util.stream.Collectors.toList());
        out.add("other");
        return List.copyOf(out);
    }

    /** The types that count, per day, as sign-ins, sign-ups, failed sign-ins and tokens issued (dashboard charts). */
    public static final List<String> SIGN_INS = List.of(LOGIN_SUCCESS);
    public static final List<String> SIGN_UPS = List.of(SIGNUP_SUCCESS);
    public static final List<String> FAILED_SIGN_INS = List.of(LOGIN_FAILED, WRONG_PASSWORD, UNKNOWN_USER, BLOCKED_ACCOUNT);
    public static final List<String> TOKENS = List.of(CODE_EXCHANGE, REFRESH_EXCHANGE, CLIENT_CREDENTIALS_EXCHANGE);
}
