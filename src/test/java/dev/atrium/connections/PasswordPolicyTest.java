package dev.atrium.connections;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Auth0's password strength levels, one row per boundary. */
class PasswordPolicyTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            none      | a            | true
            none      | ''           | false
            low       | abcde        | false
            low       | abcdef       | true
            fair      | Abcdefg1     | true
            fair      | abcdefg1     | false
            fair      | ABCDEFG1     | false
            fair      | Abcdefgh     | false
            fair      | Abc!efg1     | true
            fair      | Abcdef1      | false
            good      | Abcdefgh     | false
            good      | abcdefg1     | false
            good      | abcdef1!     | true
            good      | Abcdefg1     | true
            good      | ABCDEF1!     | true
            good      | Abcdef1      | false
            excellent | Abcdefg1     | false
            excellent | Abcdefgh12   | true
            excellent | Abcdefggg1   | false
            excellent | Abcdefgg12   | true
            excellent | abcdefgh12   | false
            excellent | abcdefgh1!   | true
            """)
    void policyAcceptsExactlyWhatAuth0Defines(String policy, String password, boolean accepted) {
        assertThat(PasswordPolicy.named(policy)).isPresent();
        assertThat(PasswordPolicy.named(policy).get().accepts(password)).isEqualTo(accepted);
    }

    @ParameterizedTest
    @CsvSource({"strong", "GOOD", "''"})
    void unknownNamesAreNotPolicies(String name) {
        assertThat(PasswordPolicy.named(name)).isEmpty();
    }
}
