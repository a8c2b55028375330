package dev.atrium.oauth;

import dev.atrium.authflow.AuthRequest;
import dev.atrium.authflow.AuthTransaction;
import dev.atrium.authflow.FlowStep;
import dev.atrium.logs.LogEvent;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AccessEffects} as a table over its inputs (O77 and its log): an invitation of the decided organization is
 * accepted and recorded as {@code si}; one used up by a concurrent sign-in (the one branch an HTTP test cannot time)
 * is refused and recorded as {@code fi} with reason {@code invitation_used}; an invitation of another organization
 * is ignored; without one, the decision's membership is made. The directory is a stand-in that records its calls.
 */
class AccessEffectsTest {
    static final Instant NOW = Instant.parse("2026-12-07T22:00:00Z");

    /** What the stand-in directory was asked to do. */
    static final class Calls {
        final List<String> made = new ArrayList<>();
    }

    static OrganizationDirectory directory(String invitationOrg, boolean acceptance, Calls calls) {
        OrganizationDirectory.Invitation inv = new OrganizationDirectory.Invitation("uinv_1", invitationOrg, "a@example.com",
                List.of(), null, NOW.plusSeconds(600));
        return (OrganizationDirectory) Proxy.newProxyInstance(OrganizationDirectory.class.getClassLoader(),
                new Class<?>[]{OrganizationDirectory.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "invitation" -> Optional.of(inv);
                    case "acceptInvitation" -> {
                        calls.made.add("accept " + args[0] + " " + args[1]);
                        yield acceptance;
                    }
                    case "addMember" -> {
                        calls.made.add("member " + args[0] + " " + args[1]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static AuthTransaction signedIn(String invitation) {
        AuthRequest r = new AuthRequest("app", "https://app/cb", true, "query", List.of("openid"), null, "st", null, null, null,
                Set.of(), null, null, null, null, null, "org_acme", invitation, null, "code");
        return AuthTransaction.start("tx", "dev", r, NOW, Duration.ofMinutes(30), "org_acme")
                .authenticated("auth0|u", "con_db", NOW, "sid", true);
    }

    record Row(String name, String invitation, String invitationOrg, boolean acceptance, boolean addMembership,
               List<String> calls, List<String> logged, boolean refused) {
    }

    @Test
    void theTable() {
        List<Row> rows = List.of(
                new Row("O77 an invitation of the organization is accepted and logged", "ticket", "org_acme", true, false,
                        List.of("accept uinv_1 auth0|u"), List.of("si"), false),
                new Row("O77 an invitation used up meanwhile is refused and logged", "ticket", "org_acme", false, false,
                        List.of("accept uinv_1 auth0|u"), List.of("fi invitation_used"), true),
                new Row("an invitation of another organization is not accepted here", "ticket", "org_initech", true, true,
                        List.of("member org_acme auth0|u"), List.of(), false),
                new Row("O61 without an invitation the decision's membership is made", null, "org_acme", true, true,
                        List.of("member org_acme auth0|u"), List.of(), false),
                new Row("a member needs nothing", null, "org_acme", true, false, List.of(), List.of(), false));
        for (Row row : rows) {
            Calls calls = new Calls();
            List<LogEvent.Builder> events = new ArrayList<>();
            AccessEffects effects = new AccessEffects(directory(row.invitationOrg(), row.acceptance(), calls), events::add);
            FlowStep.ApplyAccess decision = new FlowStep.ApplyAccess(Optional.of("org_acme"), row.addMembership());
            if (row.refused()) {
                assertThatThrownBy(() -> effects.apply(signedIn(row.invitation()), decision)).as(row.name())
                        .isInstanceOf(AuthorizeError.class).hasMessageContaining("invitation not found or expired");
            } else {
                assertThat(effects.apply(signedIn(row.invitation()), decision).accessGranted()).as(row.name()).isTrue();
            }
            assertThat(calls.made).as(row.name()).isEqualTo(row.calls());
            assertThat(events).as(row.name()).extracting(e -> (e.type() + " " + e.details().path("reason").asString("")).trim())
                    .isEqualTo(row.logged());
            events.forEach(e -> assertThat(e.details().path("invitation_id").asString()).as(row.name()).isEqualTo("uinv_1"));
        }
    }
}
