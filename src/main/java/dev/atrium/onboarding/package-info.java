/**
 * Onboarding of applications nobody registered by hand (issue 14): the tenant's {@link dev.atrium.onboarding.OnboardingPolicy},
 * and the SSRF-hardened {@link dev.atrium.onboarding.ClientMetadataFetcher} with its {@link dev.atrium.onboarding.AddressRules}.
 * Knows neither HTTP frameworks nor storage; the only I/O is the fetcher's own outbound request.
 */
package dev.atrium.onboarding;
