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
 * <p>Defaults are closed: metadata documents off, no organization waits. A host pattern is a host name, or {@code *.} and a
 * domain for its subdomains (not the domain itself); denied patterns win over allowed ones, and an empty
 * allowed list allows every host not denied.
 */
public record OnboardingPolicy(boolean metadataDocuments, List<String> allowedHosts, List<String> deniedHosts,
                               List<String> approvalOrganizations) {
    public static final String SETTING = "atrium_onboarding_policy";
    static final Set<String> MEMBERS = Set.of("client_id_metadata_documents", "allowed_hosts", "denied_hosts",
            "organizations_requiring_approval");

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
        return new OnboardingPolicy(md != null && md.asBoolean(), patterns(p, "allowed_hosts"), patterns(p, "denied_hosts"), approval);
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
