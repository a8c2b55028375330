package dev.atrium.onboarding;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** The address rules of metadata-document fetching, as a table: address, loopback allowed?, expected refusal ("-" = allowed). */
class AddressRulesTest {
    @ParameterizedTest(name = "{0} (loopback allowed: {1}) -> {2}")
    @CsvSource({
            "93.184.215.14, false, -",
            "2606:2800:21f:cb07:6820:80da:af6b:8b2c, false, -",
            "127.0.0.1, false, loopback",
            "127.8.9.10, false, loopback",
            "127.0.0.1, true, -",
            "::1, false, loopback",
            "::1, true, -",
            "10.1.2.3, false, private",
            "10.1.2.3, true, private",
            "172.16.0.1, false, private",
            "172.31.255.255, false, private",
            "172.32.0.1, false, -",
            "192.168.1.1, true, private",
            "100.64.0.1, false, private",
            "100.127.255.255, false, private",
            "100.128.0.1, false, -",
            "169.254.169.254, false, link-local",
            "169.254.169.254, true, link-local",
            "fe80::1, false, link-local",
            "fc00::1, false, private",
            "fd12:3456::1, true, private",
            "fec0::1, false, private",
            "0.0.0.0, false, unspecified",
            "0.1.2.3, false, unspecified",
            "::, false, unspecified",
            "224.0.0.1, false, multicast",
            "ff02::1, false, multicast",
            "198.18.0.1, false, reserved",
            "240.0.0.1, false, reserved",
            "255.255.255.255, false, reserved",
            "2001:db8::1, false, reserved",
            // IPv4 hidden in IPv6 forms gets the IPv4 rule
            "::ffff:127.0.0.1, false, loopback",
            "::ffff:169.254.169.254, false, link-local",
            "::ffff:10.0.0.1, false, private",
            "::10.0.0.1, false, private",
            "64:ff9b::a9fe:a9fe, false, link-local",
            "2002:0a00:0001::1, false, private",
            "::ffff:93.184.215.14, false, -",
    })
    void refusal(String address, boolean allowLoopback, String expected) throws Exception {
        String why = AddressRules.refusal(InetAddress.getByName(address), allowLoopback);
        assertThat(why == null ? "-" : why).isEqualTo(expected);
    }
}
