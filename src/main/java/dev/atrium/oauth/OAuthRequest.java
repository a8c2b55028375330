package dev.atrium.oauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A back-channel request as the protocol endpoints see it, independent of the HTTP layer: the
 * parameters (from a form or a JSON body; the first value of each wins), the
 * {@code Authorization} header and the caller's address; the headers an endpoint adds to its
 * answer, success or error (the token quota headers of O121), which the HTTP layer writes; and what a
 * grant handler decided that its answer does not say but the tenant log records ({@link #ORGANIZATION_ID},
 * {@link #ORGANIZATION_NAME}: the organization of a client-credentials token, also when it came from the
 * client's default organization, O120).
 */
public record OAuthRequest(Map<String, List<String>> params, Optional<String> authorization, String remoteAddress,
                           Map<String, String> responseHeaders, Map<String, String> decided) {
    /** Key of {@link #decided}: the id of the organization a token was issued for. */
    public static final String ORGANIZATION_ID = "organization_id";
    /** Key of {@link #decided}: that organization's name. */
    public static final String ORGANIZATION_NAME = "organization_name";

    public OAuthRequest(Map<String, List<String>> params, Optional<String> authorization, String remoteAddress) {
        this(params, authorization, remoteAddress, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    public Optional<String> param(String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty() || v.get(0) == null || v.get(0).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(v.get(0));
    }

    public String required(String name) {
        return param(name).orElseThrow(() -> OAuthException.missing(name));
    }
}
