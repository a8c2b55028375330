package dev.atrium.clients;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code app_type} of an application. Atrium acts on the first four (the kind of client, RFC 6749 §2.1);
 * the others are Auth0's integration types, accepted and kept.
 */
public enum AppType {
    NATIVE("native"), SPA("spa"), REGULAR_WEB("regular_web"), NON_INTERACTIVE("non_interactive"),
    RESOURCE_SERVER("resource_server"), EXPRESS_CONFIGURATION("express_configuration"), RMS("rms"), BOX("box"),
    CLOUDBEES("cloudbees"), CONCUR("concur"), DROPBOX("dropbox"), MSCRM("mscrm"), ECHOSIGN("echosign"), EGNYTE("egnyte"),
    NEWRELIC("newrelic"), OFFICE365("office365"), SALESFORCE("salesforce"), SENTRY("sentry"), SHAREPOINT("sharepoint"),
    SLACK("slack"), SPRINGCM("springcm"), ZENDESK("zendesk"), ZOOM("zoom"), SSO_INTEGRATION("sso_integration"), OAG("oag");

    /** Every wire value, for request schemas. */
    public static final Set<String> WIRE = Arrays.stream(values()).map(AppType::wire).collect(Collectors.toUnmodifiableSet());

    private final String wire;

    AppType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** A browser or native application: it cannot keep a secret, so it authenticates with nothing by default. */
    public boolean isPublicByDefault() {
        return this == SPA || this == NATIVE;
    }

    public static Optional<AppType> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
