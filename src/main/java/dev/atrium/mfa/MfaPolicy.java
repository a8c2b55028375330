package dev.atrium.mfa;

import java.util.List;

/**
 * When a sign-in needs a second factor: the tenant's policy is {@code all-applications}, the request asked for
 * the multi-factor {@code acr}, or the organization of the sign-in requires it. Pure.
 */
public final class MfaPolicy {
    public static final String ALL_APPLICATIONS = "all-applications";
    public static final String MFA_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

    private MfaPolicy() {
    }

    public static boolean requested(String acrValues) {
        return acrValues != null && List.of(acrValues.trim().split("\\s+")).contains(MFA_ACR);
    }

    /**
     * @param policies   the tenant's guardian policies ({@code []} or {@code ["all-applications"]})
     * @param otpEnabled the tenant allows the OTP factor (without it there is nothing to ask for)
     * @param orgRequires the organization of the sign-in requires a second factor
     */
    public static boolean required(List<String> policies, boolean otpEnabled, String acrValues, boolean orgRequires) {
        if (!otpEnabled) {
            return false;
        }
        return policies.contains(ALL_APPLICATIONS) || requested(acrValues) || orgRequires;
    }
}
