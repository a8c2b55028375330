package dev.atrium.email;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;
import dev.atrium.organizations.Invitation;
import dev.atrium.organizations.Organization;
import dev.atrium.tenant.TenantStore;
import dev.atrium.users.AccountSessions;
import dev.atrium.users.NewUser;
import dev.atrium.users.User;
import dev.atrium.users.UserPatch;
import dev.atrium.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The account life cycle by e-mail: password reset (requested, ticketed by the Management API, and
 * carried out), e-mail verification (on sign-up, on demand, after a change of address), the
 * password-changed notice, the welcome message and organization invitations. Every message goes to
 * the {@link Outbox}; nothing here talks to a mail server.
 *
 * <p>Invariants: a link is 256 random bits, stored only as its SHA-256, naming no user; it expires
 * and is consumed once. A reset request answers the same whether or not the account exists, and is
 * counted against the address and the client IP before anything is looked up, so the limits reveal
 * nothing either. A verification link proves only the address it was sent to.
 *
 * <p>Specifications: Auth0 Authentication API "Change Password"; Management API "Tickets" and
 * "Jobs → Send an email address verification email"; Auth0 "Customize Email Templates".
 */
public final class AccountEmails {
    private static final Logger LOG = LoggerFactory.getLogger(AccountEmails.class);
    /** Reset and verification requests one address may cause per {@link #WINDOW}. */
    public static final int PER_ADDRESS = 5;
    /** Reset and verification requests one client IP may make per {@link #WINDOW}. */
    public static final int PER_IP = 20;
    public static final Duration WINDOW = Duration.ofHours(1);
    /** Auth0's default lifetime of a ticket made through the Management API (5 days). */
    public static final long TICKET_TTL = 432_000;
    public static final String RESET_SENT = "We've just sent you an email to reset your password.";

    private final Outbox outbox;
    private final EmailTemplates templates;
    private final AccountTicketStore tickets;
    private final EmailRequestLog requests;
    private final UserService users;
    private final ConnectionStore connections;
    private final ClientStore clients;
    private final TenantStore tenant;
    private final Function<String, Optional<Organization>> organizations;
    private final AccountSessions sessions;
    private final String issuer;
    private final Clock clock;

    public AccountEmails(Outbox outbox, EmailTemplates templates, AccountTicketStore tickets, EmailRequestLog requests,
                         UserService users, ConnectionStore connections, ClientStore clients, TenantStore tenant,
                         Function<String, Optional<Organization>> organizations, AccountSessions sessions, String issuer,
                         Clock clock) {
        this.outbox = outbox;
        this.templates = templates;
        this.tickets = tickets;
        this.requests = requests;
        this.users = users;
        this.connections = connections;
        this.clients = clients;
        this.tenant = tenant;
        this.organizations = organizations;
        this.sessions = sessions;
        this.issuer = issuer;
        this.clock = clock;
    }

    public EmailTemplates templates() {
        return templates;
    }

    public Outbox outbox() {
        return outbox;
    }

    // ---- abuse limits

    /** Too many requests for one address or from one client IP; says which, never whether the account exists. */
    public static final class RateLimited extends RuntimeException {
        public RateLimited(String message) {
            super(message);
        }
    }

    /** Counts a request against the address and the IP, refusing it past either limit. */
    void limit(String email, String ip) {
        RequestLimits.count(requests, clock.instant(), email, ip);
    }

    // ---- password reset

    /** What {@code /dbconnections/change_password} and the hosted request page ask for. */
    public record ResetRequest(String clientId, String connection, String email, String ip, Optional<String> organizationId,
                               Optional<String> returnTo) {
    }

    /**
     * Sends a reset link when an active account of the connection has this address, and nothing
     * otherwise; the caller answers the same in both cases. Throws {@link InvalidRequestException} for
     * a bad application or connection (which says nothing about accounts) and {@link RateLimited}.
     */
    public void requestPasswordReset(ResetRequest r) {
        Client client = clients.find(r.clientId())
                .orElseThrow(() -> new InvalidRequestException("client_id", "Unknown client: " + r.clientId()));
        if (client.isThirdParty()) {
            throw new ThirdParty();
        }
        Connection connection = connections.forClient(client.clientId()).stream()
                .filter(c -> c.isDatabase() && c.name().equals(r.connection())).findFirst()
                .orElseThrow(() -> new InvalidRequestException("connection",
                        "The connection " + r.connection() + " is not a database connection enabled for this application"));
        String email = r.email() == null ? "" : r.email().trim().toLowerCase(Locale.ROOT);
        if (!email.matches("[^@\\s]+@[^@\\s]+")) {
            throw new InvalidRequestException("email", "email must be an email address");
        }
        limit(email, r.ip());
        Optional<User> user = users.byEmail(email).stream()
                .filter(u -> u.connectionId().equals(connection.id()) && !u.blocked()).findFirst();
        if (user.isEmpty()) {
            LOG.info("password reset asked for an address with no account in {}", connection.name());
            return;
        }
        Optional<Organization> org = r.organizationId().flatMap(organizations);
        Optional<String> result = r.returnTo().or(() -> ResultUrls.render(templates.resultUrl(EmailTemplates.RESET_EMAIL), Optional.of(client), org));
        String url = resetLink(user.get(), Optional.of(client), result, org, templates.urlLifetime(EmailTemplates.RESET_EMAIL, 86_400), true, templates.includeEmailInRedirect(EmailTemplates.RESET_EMAIL));
        send(EmailTemplates.RESET_EMAIL, user.get(), Optional.of(client), Optional.of(connection), org, url);
    }

    /** A third-party application asked for an endpoint reserved to first-party ones (T100). */
    public static final class ThirdParty extends RuntimeException {
        public ThirdParty() {
            super("endpoint not available for third-party clients");
        }
    }

    /** {@code POST /api/v2/tickets/password-change}: the link, not sent. */
    public String passwordChangeTicket(ObjectNode body) {
        User user = ticketUser(body);
        Optional<Client> client = optionalClient(body);
        long ttl = ttl(body);
        Optional<String> result = Optional.ofNullable(Json.text(body, "result_url", null)).filter(s -> !s.isBlank());
        Optional<Organization> org = organization(body);
        return resetLink(user, client, result.or(() -> ResultUrls.render(templates.resultUrl(EmailTemplates.RESET_EMAIL), client, org)), org, ttl,
                Json.bool(body, "mark_email_as_verified", false), includeEmail(body, EmailTemplates.RESET_EMAIL));
    }

    /** {@code POST /api/v2/tickets/email-verification}: the link, not sent. */
    public String verificationTicket(ObjectNode body) {
        User user = userById(Json.text(body, "user_id", null));
        Optional<Client> client = optionalClient(body);
        Optional<String> result = Optional.ofNullable(Json.text(body, "result_url", null)).filter(s -> !s.isBlank());
        Optional<Organization> org = organization(body);
        return verifyLink(user, client, result.or(() -> ResultUrls.render(templates.resultUrl(EmailTemplates.VERIFY_EMAIL), client, org)), org, ttl(body),
                includeEmail(body, EmailTemplates.VERIFY_EMAIL));
    }

    /**
     * {@code POST /api/v2/jobs/verification-email}: queues the verification message now, counted
     * against the address and the caller's IP like a reset request ({@link RateLimited}).
     */
    public void verificationJob(ObjectNode body, String ip) {
        User user = userById(Json.text(body, "user_id", null));
        if (user.email().isEmpty()) {
            throw new InvalidRequestException("user_id", "The user has no email address.");
        }
        limit(user.email().get(), ip);
        sendVerification(user, optionalClient(body), organization(body));
    }

    /** A ticket's own {@code includeEmailInRedirect}, the template's otherwise. */
    private boolean includeEmail(ObjectNode body, String template) {
        return body.has("includeEmailInRedirect") ? Json.bool(body, "includeEmailInRedirect", false)
                : templates.includeEmailInRedirect(template);
    }

    private String resetLink(User user, Optional<Client> client, Optional<String> resultUrl, Optional<Organization> org, long ttlSeconds,
                             boolean markVerified, boolean includeEmail) {
        String token = Ids.urlSafe(43);
        Instant now = clock.instant();
        tickets.create(new AccountTicket(hash(token), AccountTicket.PASSWORD_RESET, user.userId(), user.email().orElse(""),
                client.map(Client::clientId), resultUrl, org.map(Organization::id), markVerified, now, now.plusSeconds(ttlSeconds), Optional.empty(),
                includeEmail));
        return issuer + "u/reset-password/change?ticket=" + token;
    }

    private String verifyLink(User user, Optional<Client> client, Optional<String> resultUrl, Optional<Organization> org, long ttlSeconds,
                              boolean includeEmail) {
        String token = Ids.urlSafe(43);
        Instant now = clock.instant();
        tickets.create(new AccountTicket(hash(token), AccountTicket.EMAIL_VERIFICATION, user.userId(), user.email().orElse(""),
                client.map(Client::clientId), resultUrl, org.map(Organization::id), true, now, now.plusSeconds(ttlSeconds), Optional.empty(),
                includeEmail));
        return issuer + "u/email-verification?ticket=" + token;
    }

    /** The state of a reset link, for the page it opens; never consumes it. */
    public Optional<AccountTicket> usableReset(String token) {
        return ticket(token, AccountTicket.PASSWORD_RESET).filter(t -> t.usableAt(clock.instant()));
    }

    /** The password rule of the connection a reset link's account belongs to (for the page). */
    public Optional<Connection> connectionOf(AccountTicket ticket) {
        return users.find(ticket.userId()).flatMap(u -> connections.find(u.connectionId()));
    }

    public enum ResetOutcome { DONE, INVALID_LINK, WEAK_PASSWORD }

    /** The result of a reset and where the browser goes next, if anywhere. */
    /** {@code email}: the address the redirect carries, when the link was made to include it. */
    public record Reset(ResetOutcome outcome, Optional<String> resultUrl, Optional<Organization> organization, Optional<String> email) {
        Reset(ResetOutcome outcome) {
            this(outcome, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * Sets the new password through a reset link: the connection's policy first (a weak password
     * leaves the link usable), then the link is consumed atomically, the password replaced, the other
     * reset links of the user dropped, every session and refresh token ended, and the notice queued.
     */
    public Reset resetPassword(String token, String password) {
        Optional<AccountTicket> found = usableReset(token);
        if (found.isEmpty()) {
            return new Reset(ResetOutcome.INVALID_LINK);
        }
        AccountTicket t = found.get();
        Optional<User> user = users.find(t.userId()).filter(u -> !u.blocked());
        Optional<Connection> connection = user.flatMap(u -> connections.find(u.connectionId()));
        if (user.isEmpty() || connection.isEmpty()) {
            return new Reset(ResetOutcome.INVALID_LINK);
        }
        if (!connection.get().policy().accepts(password)) {
            return new Reset(ResetOutcome.WEAK_PASSWORD);
        }
        Instant now = clock.instant();
        if (!tickets.consume(t.tokenHash(), now)) {
            return new Reset(ResetOutcome.INVALID_LINK);
        }
        UserPatch patch = UserPatch.password(password);
        if (t.markEmailVerified() && user.get().email().map(e -> e.equals(t.email())).orElse(false)) {
            // following a link sent to the address proves the address
            patch = patch.withEmailVerified(true);
        }
        User updated = users.update(t.userId(), patch).orElseThrow();
        tickets.consumeAllOf(t.userId(), AccountTicket.PASSWORD_RESET, now);
        sessions.endAll(t.userId());
        Optional<Client> client = t.clientId().flatMap(clients::find);
        if (templates.enabled(EmailTemplates.CHANGE_PASSWORD) && updated.email().isPresent()) {
            send(EmailTemplates.CHANGE_PASSWORD, updated, client, connection, Optional.empty(), "");
        }
        return new Reset(ResetOutcome.DONE, t.resultUrl(), organizationOf(t), redirectEmail(t));
    }

    // ---- verification

    /** Auth0's {@code message} values for the redirect after a verification link. */
    public enum VerifyOutcome {
        VERIFIED(true, "Your email was verified. You can continue using the application."),
        USED(false, "This URL can be used only once"),
        EXPIRED(false, "Access expired."),
        INVALID(false, "User account does not exist or verification code is invalid."),
        ALREADY(false, "This account is already verified."),
        MISMATCH(false, "Your email address could not be verified.");

        public final boolean success;
        public final String message;

        VerifyOutcome(boolean success, String message) {
            this.success = success;
            this.message = message;
        }
    }

    /** {@code email}: the address the redirect carries, when the link was made to include it. */
    public record Verification(VerifyOutcome outcome, Optional<String> resultUrl, Optional<String> email,
                               Optional<Organization> organization) {
    }

    /** Follows a verification link: marks the address verified if the link still proves it. */
    public Verification verifyEmail(String token) {
        Optional<AccountTicket> found = ticket(token, AccountTicket.EMAIL_VERIFICATION);
        if (found.isEmpty()) {
            return new Verification(VerifyOutcome.INVALID, Optional.empty(), Optional.empty(), Optional.empty());
        }
        AccountTicket t = found.get();
        Instant now = clock.instant();
        if (t.usedAt().isPresent()) {
            return new Verification(VerifyOutcome.USED, t.resultUrl(), redirectEmail(t), organizationOf(t));
        }
        if (!now.isBefore(t.expiresAt())) {
            return new Verification(VerifyOutcome.EXPIRED, t.resultUrl(), redirectEmail(t), organizationOf(t));
        }
        Optional<User> user = users.find(t.userId());
        if (user.isEmpty()) {
            return new Verification(VerifyOutcome.INVALID, t.resultUrl(), Optional.empty(), organizationOf(t));
        }
        if (!user.get().email().map(e -> e.equals(t.email())).orElse(false)) {
            return new Verification(VerifyOutcome.MISMATCH, t.resultUrl(), redirectEmail(t), organizationOf(t));
        }
        if (!tickets.consume(t.tokenHash(), now)) {
            return new Verification(VerifyOutcome.USED, t.resultUrl(), redirectEmail(t), organizationOf(t));
        }
        if (user.get().emailVerified()) {
            return new Verification(VerifyOutcome.ALREADY, t.resultUrl(), redirectEmail(t), organizationOf(t));
        }
        User verified = users.update(t.userId(), UserPatch.none().withEmailVerified(true)).orElseThrow();
        Optional<Client> client = t.clientId().flatMap(clients::find);
        if (templates.enabled(EmailTemplates.WELCOME_EMAIL)) {
            send(EmailTemplates.WELCOME_EMAIL, verified, client, connections.find(verified.connectionId()), Optional.empty(), "");
        }
        return new Verification(VerifyOutcome.VERIFIED, t.resultUrl(), redirectEmail(t), organizationOf(t));
    }

    private static Optional<String> redirectEmail(AccountTicket t) {
        return t.includeEmail() ? Optional.of(t.email()) : Optional.empty();
    }

    /** Queues a verification message with a fresh link. */
    public void sendVerification(User user, Optional<Client> client, Optional<Organization> org) {
        String url = verifyLink(user, client, ResultUrls.render(templates.resultUrl(EmailTemplates.VERIFY_EMAIL), client, org), org,
                templates.urlLifetime(EmailTemplates.VERIFY_EMAIL, TICKET_TTL), templates.includeEmailInRedirect(EmailTemplates.VERIFY_EMAIL));
        send(EmailTemplates.VERIFY_EMAIL, user, client, connections.find(user.connectionId()), org, url);
    }

    /**
     * After a sign-up through a database connection: the verification message unless the
     * {@code verify_email} template is disabled (then the welcome message, when enabled), as Auth0 does.
     */
    public void signedUp(User user, Optional<String> clientId) {
        if (user.email().isEmpty()) {
            return;
        }
        Optional<Client> client = clientId.flatMap(clients::find);
        if (!user.emailVerified() && templates.enabled(EmailTemplates.VERIFY_EMAIL)) {
            sendVerification(user, client, Optional.empty());
        } else if (templates.enabled(EmailTemplates.WELCOME_EMAIL)) {
            send(EmailTemplates.WELCOME_EMAIL, user, client, connections.find(user.connectionId()), Optional.empty(), "");
        }
    }

    /**
     * After a Management API update: a new address is unverified (the user service saw to it), and
     * {@code verify_email: true} sends a verification to it.
     */
    public void updated(User before, User after, UserPatch request) {
        boolean changed = !before.email().equals(after.email());
        if (changed && after.email().isPresent() && !after.emailVerified() && request.verifyEmail()) {
            sendVerification(after, request.clientId().flatMap(clients::find), Optional.empty());
        }
    }

    /** After {@code POST /api/v2/users} with {@code verify_email: true}. */
    public void created(User user, NewUser request) {
        if (request.verifyEmail() && !user.emailVerified() && user.email().isPresent()) {
            sendVerification(user, Optional.empty(), Optional.empty());
        }
    }

    // ---- organizations

    /** Queues the invitation message ({@code send_invitation_email}, default true, as Auth0). */
    public void invited(Organization org, Invitation invitation, boolean sendEmail) {
        if (!sendEmail || !templates.enabled(EmailTemplates.USER_INVITATION)) {
            return;
        }
        Optional<Client> client = clients.find(invitation.clientId());
        ObjectNode vars = EmailVariables.of(tenant.get(), Optional.empty(), client, invitation.connectionId().flatMap(connections::find),
                Optional.of(org), Json.text(invitation.doc(), "invitation_url", ""));
        vars.putObject("inviter").put("name", Json.text(invitation.doc().get("inviter"), "name", ""));
        ((ObjectNode) vars.get("user")).put("email", invitation.inviteeEmail());
        for (String meta : new String[]{"app_metadata", "user_metadata"}) {
            if (invitation.doc().get(meta) instanceof ObjectNode m) {
                vars.set(meta, m);
            }
        }
        outbox.enqueue(invitation.inviteeEmail(), EmailTemplates.USER_INVITATION, templates.render(EmailTemplates.USER_INVITATION, vars));
    }

    // ---- helpers

    private void send(String template, User user, Optional<Client> client, Optional<Connection> connection,
                      Optional<Organization> org, String url) {
        if (!templates.enabled(template) || user.email().isEmpty()) {
            return;
        }
        ObjectNode vars = EmailVariables.of(tenant.get(), Optional.of(user), client, connection, org, url);
        outbox.enqueue(user.email().get(), template, templates.render(template, vars));
    }

    /** Sample variables for the dashboard's preview. */
    public ObjectNode sampleVariables(String template) {
        return EmailVariables.sample(tenant.get(), issuer, template);
    }

    private Optional<AccountTicket> ticket(String token, String kind) {
        if (token == null || token.length() < 20 || token.length() > 100) {
            return Optional.empty();
        }
        return tickets.find(hash(token)).filter(t -> t.kind().equals(kind));
    }

    private User ticketUser(ObjectNode body) {
        String userId = Json.text(body, "user_id", null);
        if (userId != null) {
            return userById(userId);
        }
        String email = Json.text(body, "email", null);
        String connectionId = Json.text(body, "connection_id", null);
        if (email == null || connectionId == null) {
            throw new InvalidRequestException("user_id", "Payload validation error: 'user_id' or both 'email' and 'connection_id' are required.");
        }
        return users.byEmail(email.toLowerCase(Locale.ROOT)).stream().filter(u -> u.connectionId().equals(connectionId)).findFirst()
                .orElseThrow(UnknownUser::new);
    }

    private User userById(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new InvalidRequestException("user_id", "Payload validation error: 'Missing required property: user_id'.");
        }
        return users.find(userId).orElseThrow(UnknownUser::new);
    }

    /** The organization a ticket or job names ({@code organization_id}): its branding and redirect parameters. */
    private Optional<Organization> organization(ObjectNode body) {
        String id = Json.text(body, "organization_id", null);
        if (id == null) {
            return Optional.empty();
        }
        return Optional.of(organizations.apply(id).orElseThrow(() -> new InvalidRequestException("organization_id",
                "No organization found by that id.")));
    }

    /** The organization a link was made for, if any (still existing). */
    public Optional<Organization> organizationOf(AccountTicket ticket) {
        return ticket.organizationId().flatMap(organizations);
    }

    private Optional<Client> optionalClient(ObjectNode body) {
        String id = Json.text(body, "client_id", null);
        if (id == null) {
            return Optional.empty();
        }
        return Optional.of(clients.find(id).orElseThrow(() -> new InvalidRequestException("client_id", "The client does not exist: " + id)));
    }

    private static long ttl(ObjectNode body) {
        long ttl = Json.number(body, "ttl_sec", 0);
        if (ttl < 0 || ttl > 2_592_000) {
            throw new InvalidRequestException("ttl_sec", "Payload validation error: 'ttl_sec' must be between 0 and 2592000.");
        }
        return ttl == 0 ? TICKET_TTL : ttl;
    }

    /** The user named by a Management API request does not exist. */
    public static final class UnknownUser extends RuntimeException {
        public UnknownUser() {
            super("The user does not exist.");
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
