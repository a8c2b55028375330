package dev.atrium.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;

import static org.assertj.core.api.Assertions.assertThat;

class CryptoProvidersTest {

    @Test
    void install_names_the_provider_that_signs_RS256_and_its_signatures_verify_with_the_JDK() throws Exception {
        String name = CryptoProviders.install();
        assertThat(name).isNotBlank().isEqualTo(CryptoProviders.install());
        if (System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertThat(name).isEqualTo("AmazonCorrettoCryptoProvider");
        }

        KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(input);
        byte[] signature = signer.sign();
        assertThat(signer.getProvider().getName()).isEqualTo(name);

        Signature jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
        jdk.initVerify(pair.getPublic());
        jdk.update(input);
        assertThat(jdk.verify(signature)).isTrue();
    }

    @Test
    void nimbus_signs_with_the_installed_provider_because_it_pins_none() throws Exception {
        CryptoProviders.install();
        KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate()).build();
        RSASSASigner signer = new RSASSASigner(key);
        assertThat(signer.getJCAContext().getProvider()).isNull();

        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.RS256), new Payload("{\"sub\":\"x\"}"));
        jws.sign(signer);
        Signature jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
        jdk.initVerify(pair.getPublic());
        jdk.update(jws.getSigningInput());
        assertThat(jdk.verify(jws.getSignature().decode())).isTrue();
    }
}
