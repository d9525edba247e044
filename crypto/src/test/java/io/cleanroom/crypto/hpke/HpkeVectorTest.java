package io.cleanroom.crypto.hpke;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.internal.HpkeContext;
import com.google.crypto.tink.hybrid.internal.HpkeKemKeyFactory;
import com.google.crypto.tink.hybrid.internal.HpkePrimitiveFactory;
import com.google.crypto.tink.subtle.Hex;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Interoperability: RFC 9180 has no test vector for X25519 with AES-256-GCM (appendix A.1 is
 * AES-128-GCM, A.2 ChaCha20-Poly1305), so we check the nearest suite, A.1.1, against Tink and
 * against an independent JDK-only recipient, then check our AES-256-GCM output with that recipient.
 */
class HpkeVectorTest {

  // RFC 9180 A.1.1 (sequence number 0): DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base
  // mode.
  private static final byte[] SK_RM =
      Hex.decode("4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8");
  private static final byte[] PK_RM =
      Hex.decode("3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d");
  private static final byte[] ENC =
      Hex.decode("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431");
  private static final byte[] INFO = Hex.decode("4f6465206f6e2061204772656369616e2055726e");
  private static final byte[] AAD = Hex.decode("436f756e742d30");
  private static final byte[] CT =
      Hex.decode(
          "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a");
  private static final byte[] PT =
      Hex.decode("4265617574792069732074727574682c20747275746820626561757479");

  @Test
  void derivesTheRfcPublicKeyFromTheRfcPrivateKey() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.fromPrivateKey(SK_RM, KeyAccess.rawKeyMaterial())) {
      assertThat(pair.publicKey().toBytes()).isEqualTo(PK_RM);
    }
  }

  @Test
  void independentRecipientOpensTheRfcVector() throws Exception {
    assertThat(Rfc9180Recipient.open(SK_RM, ENC, INFO, AAD, CT, 1)).isEqualTo(PT);
  }

  @Test
  void tinkOpensTheRfcVectorOfTheNearestSuite() throws Exception {
    HpkeParameters aes128 =
        HpkeParameters.builder()
            .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
            .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
            .setAeadId(HpkeParameters.AeadId.AES_128_GCM)
            .setVariant(HpkeParameters.Variant.NO_PREFIX)
            .build();
    HpkePrivateKey sk =
        HpkePrivateKey.create(
            com.google.crypto.tink.hybrid.HpkePublicKey.create(
                aes128, com.google.crypto.tink.util.Bytes.copyFrom(PK_RM), null),
            com.google.crypto.tink.util.SecretBytes.copyFrom(
                SK_RM, com.google.crypto.tink.InsecureSecretKeyAccess.get()));
    HpkeContext recipient =
        HpkeContext.createRecipientContext(
            ENC,
            HpkeKemKeyFactory.createPrivate(sk),
            HpkePrimitiveFactory.createKem(aes128.getKemId()),
            HpkePrimitiveFactory.createKdf(aes128.getKdfId()),
            HpkePrimitiveFactory.createAead(aes128.getAeadId()),
            INFO);
    assertThat(recipient.open(CT, AAD)).isEqualTo(PT);
  }

  @Test
  void independentRecipientOpensOurSealedKeyAsDocumented() throws Exception {
    byte[] binding = "runtime binding".getBytes(StandardCharsets.UTF_8);
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate();
        DatasetKey dek = DatasetKey.generate()) {
      byte[] sealed = KeyWrap.seal(pair.publicKey(), dek, binding);
      byte[] enc = Arrays.copyOfRange(sealed, 0, 32);
      byte[] ctAndTag = Arrays.copyOfRange(sealed, 32, 80);
      byte[] info =
          ("cleanroom key release v1\0runtime binding").getBytes(StandardCharsets.US_ASCII);
      byte[] opened =
          Rfc9180Recipient.open(
              pair.privateKeyBytes(KeyAccess.rawKeyMaterial()),
              enc,
              info,
              new byte[0],
              ctAndTag,
              2);
      assertThat(opened).isEqualTo(dek.toBytes(KeyAccess.rawKeyMaterial()));
    }
  }

  @Test
  void independentRecipientAgreesOnOurPublicKey() throws Exception {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate()) {
      assertThat(Rfc9180Recipient.publicKey(pair.privateKeyBytes(KeyAccess.rawKeyMaterial())))
          .isEqualTo(pair.publicKey().toBytes());
    }
  }
}
