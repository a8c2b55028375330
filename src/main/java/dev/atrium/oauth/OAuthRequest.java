package dev.atrium.oauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A back-channel request as the protocol endpoints see it, independent of the HTTP layer: the
 * parameters (from a form or a JSON body; the first value of each wins), the
 * {@code Authorization} header and the caller's address; and the headers an endpoint adds to its
 * answer, success or error (the token quota headers of O121), which the HTTP layer writes.
 */
public record OAuthRequest(Map<String, List<String>> params, Optional<String> authorization, String remoteAddress,
                           Map<String, String> responseHeaders) {

    public OAuthRequest(Map<String, List<String>> params, Optional<String> authorization, String remoteAddress) {
        this(params, authorization, remoteAddress, new LinkedHashMap<>());
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
