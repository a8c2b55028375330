package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

import dev.atrium.access.AccessDecision;
import dev.atrium.authflow.AuthTransaction;
import dev.atrium.authflow.AuthTransactionStore;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The changes of organization a hosted page may ask of a transaction: the pre-login prompt, the post-login
 * picker, "continue with a personal account". Each is accepted only while its page is open (the prompt before
 * authentication, the picker until the organization is settled), passes the gates every organization passes
 * ({@link AccessRequestLoader#beforeLogin}, as the {@code organization} parameter does), and clears the earlier
 * access decision and consent ({@link AuthTransaction#inOrganization}, {@link AuthTransaction#asPersonal}), so the
 * flow asks both again. Issue 9 point 2: no page can move a decided sign-in into another organization.
 */
public final class OrganizationChoices {
    private final AuthTransactionStore transactions;
    private final ClientStore clients;
    private final OrganizationDirectory organizations;
    private final AccessRequestLoader access;
    private final AuthorizeResponses responses;
    private final Function<AuthTransaction, List<OrganizationDirectory.Org>> pickerChoices;

    OrganizationChoices(AuthTransactionStore transactions, ClientStore clients, OrganizationDirectory organizations,
                        AccessRequestLoader access, AuthorizeResponses responses,
                        Function<AuthTransaction, List<OrganizationDirectory.Org>> pickerChoices) {
        this.transactions = transactions;
        this.clients = clients;
        this.organizations = organizations;
        this.access = access;
        this.responses = responses;
        this.pickerChoices = pickerChoices;
    }

    /**
     * The pre-login prompt chose {@code org}. Accepted only before authentication and only when the request did
     * not name the organization itself; the gates of the {@code organization} parameter apply (F3 step 4, T79, X10).
     */
    public AuthorizeOutcome promptChose(AuthTransaction tx, OrganizationDirectory.Org org) {
        if (!promptOpen(tx)) {
            return settled();
        }
        return enter(tx, org, tx.request().connection());
    }

    /**
     * The post-login picker chose {@code organizationId}. Accepted only while the organization is still open;
     * only an offered organization, or for a third-party application one of the user's that the picker left
     * out (so the gates answer with their documented error, T79/X10); the gates run with the connection used.
     */
    public AuthorizeOutcome pickerChose(AuthTransaction tx, String organizationId) {
        if (!pickerOpen(tx)) {
            return settled();
        }
        Client client = clients.find(tx.request().clientId()).orElse(null);
        boolean offered = pickerChoices.apply(tx).stream().anyMatch(o -> o.id().equals(organizationId));
        boolean memberNotOffered = !offered && client != null && client.isThirdParty() && !organizationId.isEmpty()
                && organizations.isMember(organizationId, tx.userId());
        Optional<OrganizationDirectory.Org> org = organizations.resolve(organizationId, false);
        if ((!offered && !memberNotOffered) || org.isEmpty()) {
            // O52 (E16): never trust a submitted organization the user was not offered
            return new AuthorizeOutcome.ErrorPage(403, OAuthError.ACCESS_DENIED, "user is not a member of the selected organization");
        }
        return enter(tx, org.get(), null);
    }

    /** "Continue with a personal account" (O42, O48) from the prompt or the picker, while that page is open. */
    public AuthorizeOutcome personalChosen(AuthTransaction tx) {
        boolean open = tx.authenticated() ? pickerOpen(tx) : promptOpen(tx);
        Optional<Client> client = clients.find(tx.request().clientId());
        if (!open || client.isEmpty() || client.get().usage() != dev.atrium.clients.OrganizationUsage.ALLOW) {
            return settled();
        }
        transactions.update(tx.asPersonal());
        return resumeOf(tx);
    }

    private AuthorizeOutcome enter(AuthTransaction tx, OrganizationDirectory.Org org, String connectionName) {
        Optional<Client> client = clients.find(tx.request().clientId());
        if (client.isEmpty()) {
            transactions.delete(tx.id());
            return new AuthorizeOutcome.ErrorPage(400, OAuthError.INVALID_REQUEST, "The application no longer exists.");
        }
        Optional<AccessDecision.Deny> gate = access.beforeLogin(client.get(), org, connectionName != null ? connectionName
                : tx.authenticated() ? access.connectionName(tx.connectionId()) : null);
        if (gate.isPresent()) {
            transactions.delete(tx.id());
            return responses.error(tx, gate.get().error(), gate.get().description());
        }
        transactions.update(tx.inOrganization(org.id()));
        return resumeOf(tx);
    }

    /** The prompt is open before authentication, when the request named no organization or invitation (O37). */
    private static boolean promptOpen(AuthTransaction tx) {
        return !tx.authenticated() && tx.request().organization() == null && tx.request().invitation() == null;
    }

    /** The picker is open after authentication until the organization is settled (O47, O52). */
    private static boolean pickerOpen(AuthTransaction tx) {
        return tx.authenticated() && !tx.organizationSettled() && tx.request().organization() == null
                && tx.request().invitation() == null;
    }

    private static AuthorizeOutcome settled() {
        return new AuthorizeOutcome.ErrorPage(400, OAuthError.INVALID_REQUEST,
                "The organization of this sign-in can no longer be changed. Go back to the application and start again.");
    }

    private static AuthorizeOutcome resumeOf(AuthTransaction tx) {
        return new AuthorizeOutcome.Redirect("/authorize/resume?state=" + URLEncoder.encode(tx.id(), StandardCharsets.UTF_8));
    }
}
