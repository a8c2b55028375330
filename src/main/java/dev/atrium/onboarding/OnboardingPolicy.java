package dev.atrium.onboarding;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tenant's policy for applications nobody registered by hand (issue 14), kept in the tenant settings as
 * {@value #SETTING}. One policy covers both ways in: Client ID Metadata Documents (on or off, with allowed and
 * denied host patterns) and the organizations in which
 * new self-registered third-party applications wait for an organization administrator's approval ({@link ApprovalGate}). Dynamic registration's
 * own switch stays Auth0's {@code flags.enable_dynamic_client_registration}, and its cap stays
 * {@code atrium_dynamic_client_registration_limit}, which also counts applications created from metadata documents.
 *
 * {@code dynamic_registration} narrows that flag: {@code open}, {@code initial_access_token} (a bearer token minted through
 * the Management API, {@link InitialAccessTokens}) or {@code off}; {@code expire_unused_after_days} removes self-registered
 * applications nobody used for that many days ({@link ApplicationExpiry}).
 *
 * <p>Defaults are closed: metadata documents off, no organization waits. A host pattern is a host name, or {@code *.} and a
 * domain for its subdomains (not the domain itself); denied patterns win over allowed ones, and an empty
 * allowed list allows every host not denied.
 */
public record OnboardingPolicy(boolean metadataDocuments, List<String> allowedHosts, List<String> deniedHosts,
                               List<String> approvalOrganizations, String dynamicRegistration, Integer expireUnusedAfterDays) {
    public static final String SETTING = "atrium_onboarding_policy";
    static final Set<String> MEMBERS = Set.of("client_id_metadata_documents", "allowed_hosts", "denied_hosts",
            "organizations_requiring_approval", "dynamic_registration", "expire_unused_after_days");
    /** {@code dynamic_registration}: open to anyone (while the tenant flag is on), only with an initial access token, or off. */
    public static final Set<String> REGISTRATION_MODES = Set.of("open", "initial_access_token", "off");
    public static final int MAX_EXPIRY_DAYS = 3650;

    /** The policy without the members added later (registration open, no expiry). */
    public OnboardingPolicy(boolean metadataDocuments, List<String> allowedHosts, List<String> deniedHosts,
                            List<String> approvalOrganizations) {
        this(metadataDocuments, allowedHosts, deniedHosts, approvalOrganizations, "open", null);
    }

    public OnboardingPolicy {
        allowedHosts = List.copyOf(allowedHosts);
        deniedHosts = List.copyOf(deniedHosts);
        approvalOrganizations = List.copyOf(approvalOrganizations);
    }

    public static OnboardingPolicy closed() {
        return new OnboardingPolicy(false, List.of(), List.of(), List.of());
    }

    /** The policy held in a tenant settings document (closed when absent). */
    public static OnboardingPolicy of(ObjectNode tenantSettings) {
        JsonNode p = tenantSettings.get(SETTING);
        if (p == null || !p.isObject()) {
            return closed();
        }
        return parse(p);
    }

    /** Reads and checks a policy object; throws {@link InvalidRequestException} naming the offending member. */
    public static OnboardingPolicy parse(JsonNode p) {
        if (p == null || !p.isObject()) {
            throw new InvalidRequestException(SETTING, SETTING + " must be an object");
        }
        for (String name : p.propertyNames()) {
            if (!MEMBERS.contains(name)) {
                throw new InvalidRequestException(SETTING, SETTING + "." + name + " is not a policy member");
            }
        }
        JsonNode md = p.get("client_id_metadata_documents");
        if (md != null && !md.isBoolean()) {
            throw new InvalidRequestException(SETTING, SETTING + ".client_id_metadata_documents must be a boolean");
        }
        JsonNode orgs = p.get("organizations_requiring_approval");
        List<String> approval = new ArrayList<>();
        if (orgs != null && !orgs.isNull()) {
            if (!orgs.isArray() || orgs.size() > 10_000) {
                throw new InvalidRequestException(SETTING, SETTING + ".organizations_requiring_approval must be an array of organization ids");
            }
            for (JsonNode o : orgs) {
                if (!o.isString() || !o.asString().matches("[A-Za-z0-9_-]{1,32}")) {
                    throw new InvalidRequestException(SETTING, SETTING + ".organizations_requiring_approval must hold organization ids");
                }
                if (!approval.contains(o.asString())) {
                    approval.add(o.asString());
                }
            }
        }
        JsonNode reg = p.get("dynamic_registration");
        if (reg != null && !reg.isNull() && !(reg.isString() && REGISTRATION_MODES.contains(reg.asString()))) {
            throw new InvalidRequestException(SETTING, SETTING + ".dynamic_registration must be one of open, initial_access_token, off");
        }
        JsonNode days = p.get("expire_unused_after_days");
        if (days != null && !days.isNull() && !(days.isIntegralNumber() && days.asLong() >= 1 && days.asLong() <= MAX_EXPIRY_DAYS)) {
            throw new InvalidRequestException(SETTING, SETTING + ".expire_unused_after_days must be a whole number of days from 1 to "
                    + MAX_EXPIRY_DAYS + ", or null for never");
        }
        return new OnboardingPolicy(md != null && md.asBoolean(), patterns(p, "allowed_hosts"), patterns(p, "denied_hosts"), approval,
                reg == null || reg.isNull() ? "open" : reg.asString(), days == null || days.isNull() ? null : days.asInt());
    }

    /** Whether {@code POST /oidc/register} needs an initial access token ({@link InitialAccessTokens}). */
    public boolean registrationNeedsToken() {
        return "initial_access_token".equals(dynamicRegistration);
    }

    /** Whether the policy closes dynamic registration (the tenant flag can close it too). */
    public boolean registrationOff() {
        return "off".equals(dynamicRegistration);
    }

    private static List<String> patterns(JsonNode p, String member) {
        JsonNode v = p.get(member);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.size() > 100) {
            throw new InvalidRequestException(SETTING, SETTING + "." + member + " must be an array of at most 100 host patterns");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            String s = e.isString() ? e.asString().trim().toLowerCase(Locale.ROOT) : "";
            String host = s.startsWith("*.") ? s.substring(2) : s;
            if (!host.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*") || host.length() > 253) {
                throw new InvalidRequestException(SETTING, SETTING + "." + member + " value \"" + (e.isString() ? e.asString() : e)
                        + "\" is not a host name or *.domain pattern");
            }
            out.add(s);
        }
        return out;
    }

    /** This policy as the JSON member value. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("client_id_metadata_documents", metadataDocuments);
        o.set("allowed_hosts", Json.strings(allowedHosts));
        o.set("denied_hosts", Json.strings(deniedHosts));
        o.set("organizations_requiring_approval", Json.strings(approvalOrganizations));
        o.put("dynamic_registration", dynamicRegistration);
        if (expireUnusedAfterDays == null) {
            o.putNull("expire_unused_after_days");
        } else {
            o.put("expire_unused_after_days", expireUnusedAfterDays);
        }
        return o;
    }

    /** Whether a metadata document may be fetched from {@code host}; null when allowed, else the reason. */
    public String hostRefusal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (deniedHosts.stream().anyMatch(p -> matches(p, h))) {
            return "The host " + host + " is denied by this tenant's onboarding policy.";
        }
        if (!allowedHosts.isEmpty() && allowedHosts.stream().noneMatch(p -> matches(p, h))) {
            return "The host " + host + " is not among the hosts this tenant's onboarding policy allows.";
        }
        return null;
    }

    static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
        }
        return host.equals(pattern);
    }
}
