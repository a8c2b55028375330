package dev.atrium.organizations;

import dev.atrium.clients.OrganizationUsage;
import dev.atrium.clients.RequireBehavior;
import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The organization slice's enums and command records: their wire values, defaults and own checks, without a database. */
class OrganizationCommandsTest {

    @Test
    void Q6_denyIsReadAsBlockAndUnknownValuesAreRefused() {
        assertThat(ThirdPartyClientAccess.parse("allow")).contains(ThirdPartyClientAccess.ALLOW);
        assertThat(ThirdPartyClientAccess.parse("block")).contains(ThirdPartyClientAccess.BLOCK);
        assertThat(ThirdPartyClientAccess.parse("deny")).contains(ThirdPartyClientAccess.BLOCK);
        assertThat(ThirdPartyClientAccess.parse("ALLOW")).isEmpty();
        assertThat(ThirdPartyClientAccess.parse(null)).isEmpty();
        assertThat(ThirdPartyClientAccess.BLOCK.wire()).isEqualTo("block");
    }

    @Test
    void Q5_readDashOnlyIsReadAsReadonly() {
        assertThat(AccessLevel.parse("read-only")).contains(AccessLevel.READONLY);
        assertThat(AccessLevel.parse("readonly")).contains(AccessLevel.READONLY);
        assertThat(AccessLevel.parse("full")).contains(AccessLevel.FULL);
        assertThat(AccessLevel.parse("admin")).isEmpty();
        assertThat(AccessLevel.READONLY.wire()).isEqualTo("readonly");
        for (AccessLevel l : AccessLevel.values()) {
            assertThat(AccessLevel.ACCEPTED).contains(l.wire());
        }
    }

    @Test
    void usageAndRequireBehaviourDefaultWhenAbsentAndKeepTheirWireValues() {
        assertThat(OrganizationUsage.of(null)).isEqualTo(OrganizationUsage.DENY);
        assertThat(OrganizationUsage.of("require")).isEqualTo(OrganizationUsage.REQUIRE);
        assertThat(OrganizationUsage.WIRE).containsExactlyInAnyOrder("deny", "allow", "require");
        assertThat(OrganizationUsage.DENY.permitsOrganizations()).isFalse();
        assertThat(OrganizationUsage.ALLOW.permitsOrganizations()).isTrue();
        assertThat(RequireBehavior.of(null)).isEqualTo(RequireBehavior.NO_PROMPT);
        assertThat(RequireBehavior.parse("post_login_prompt")).contains(RequireBehavior.POST_LOGIN_PROMPT);
        assertThat(RequireBehavior.parse("prompt")).isEmpty();
        assertThat(RequireBehavior.WIRE).containsExactlyInAnyOrder("no_prompt", "pre_login_prompt", "post_login_prompt");
    }

    @Test
    void O5_brandingNeedsAnHttpsLogoAndBothHexColours() {
        assertThatThrownBy(() -> new Branding(Optional.of("http://x.example/a.png"), Optional.empty()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> new Branding.Colors("#fff", null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("page_background");
        assertThatThrownBy(() -> new Branding.Colors("red", "#fff")).isInstanceOf(InvalidRequestException.class);
        Branding b = new Branding(Optional.of("https://x.example/a.png"), Optional.of(new Branding.Colors("#fff", "#001122")));
        assertThat(b.toJson().get("colors").get("page_background").asString()).isEqualTo("#001122");
        assertThat(new Branding(Optional.empty(), Optional.empty()).toJson().isEmpty()).isTrue();
    }

    @Test
    void tokenQuotaIsWithinIntRangeAndEnforcedByDefault() {
        assertThatThrownBy(() -> new TokenQuota(true, Optional.of(0L), Optional.empty())).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new TokenQuota(true, Optional.empty(), Optional.of(1L + Integer.MAX_VALUE)))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(new TokenQuota(true, Optional.of(5L), Optional.empty()).toJson().get("client_credentials").get("enforce")
                .asBoolean()).isTrue();
    }

    @Test
    void O66_O67_invitationTtlDefaultsToSevenDaysAndItsBoundsAndEmailAreChecked() {
        assertThat(NewInvitation.of("A", "b@example.com", "client").ttlSeconds()).isEqualTo(OrganizationLimits.DEFAULT_INVITATION_TTL);
        assertThatThrownBy(() -> new NewInvitation("A", "b@example.com", "c", Optional.empty(), Optional.empty(), Optional.empty(),
                OrganizationLimits.MAX_INVITATION_TTL + 1, Optional.empty(), false)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> NewInvitation.of("A", "not-an-email", "c")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("invitee.email");
        assertThatThrownBy(() -> NewInvitation.of("", "b@example.com", "c")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("inviter.name");
        assertThatThrownBy(() -> NewInvitation.of("A", "b@example.com", "c").withRoles(List.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("roles");
    }

    @Test
    void connectionPatchKeepsWhatItDoesNotNameAndClearingIsEnabledEnablesAgain() {
        OrganizationConnection before = new OrganizationConnection("org_1", "con_1", true, false, true, "db", "auth0", false,
                Optional.of("Staff"), Optional.of(AccessLevel.LIMITED));
        OrganizationConnection flags = ConnectionPatch.flags(false, true, false).applyTo(before);
        assertThat(flags.assignMembershipOnLogin()).isFalse();
        assertThat(flags.showAsButton()).isTrue();
        assertThat(flags.isEnabled()).isFalse();
        assertThat(flags.organizationConnectionName()).contains("Staff");
        OrganizationConnection cleared = new ConnectionPatch(Optional.empty(), Optional.empty(), Optional.empty(), Change.clear(),
                Change.clear(), Change.to(AccessLevel.FULL)).applyTo(before);
        assertThat(cleared.isEnabled()).isTrue();
        assertThat(cleared.organizationConnectionName()).isEmpty();
        assertThat(cleared.organizationAccessLevel()).contains(AccessLevel.FULL);
        assertThat(cleared.assignMembershipOnLogin()).isTrue();
    }

    @Test
    void changeTellsKeepFromClear() {
        assertThat(Change.<String>keep().applyTo(Optional.of("a"))).contains("a");
        assertThat(Change.<String>clear().applyTo(Optional.of("a"))).isEmpty();
        assertThat(Change.to("b").applyTo(Optional.of("a"))).contains("b");
        assertThat(Change.ifPresent(Optional.<String>empty()).present()).isFalse();
    }
}
