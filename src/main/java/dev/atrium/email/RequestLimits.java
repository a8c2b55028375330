package dev.atrium.email;

import java.time.Instant;
import java.util.Locale;

/**
 * The abuse limits of reset and verification requests: {@link AccountEmails#PER_IP} per client IP and
 * {@link AccountEmails#PER_ADDRESS} per address within {@link AccountEmails#WINDOW}. The IP is counted
 * first, and the address is counted whether or not an account has it, so a refusal says nothing about
 * accounts.
 */
final class RequestLimits {
    private RequestLimits() {
    }

    /** Records the request, or throws {@link AccountEmails.RateLimited} naming the limit it passed. */
    static void count(EmailRequestLog requests, Instant now, String email, String ip) {
        Instant since = now.minus(AccountEmails.WINDOW);
        String address = "address:" + email.toLowerCase(Locale.ROOT);
        String client = "ip:" + (ip == null ? "unknown" : ip);
        if (requests.countSince(client, since) >= AccountEmails.PER_IP) {
            throw new AccountEmails.RateLimited("Too many requests from this address. Try again later.");
        }
        requests.record(client, now);
        if (requests.countSince(address, since) >= AccountEmails.PER_ADDRESS) {
            throw new AccountEmails.RateLimited("Too many emails were requested for this address. Try again later.");
        }
        requests.record(address, now);
        if (now.getEpochSecond() % 50 == 0) {
            requests.purge(now.minus(AccountEmails.WINDOW.multipliedBy(2)));
        }
    }
}
