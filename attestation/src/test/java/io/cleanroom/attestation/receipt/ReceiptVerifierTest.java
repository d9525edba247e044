package io.cleanroom.attestation.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.collect.SimulatedCollector;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.crypto.hpke.EnclaveKeyPair;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.EnclaveIdentityBinding;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.cleanroom.crypto.receipt.Receipts;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Receipts as the enclave signs them, on the simulated TEE. */
class ReceiptVerifierTest {

  private static final SimulatedTee TEE = SimulatedTee.generate();
  private static final byte[] MEASUREMENT = new byte[48];

  private final EnclaveKeyPair hpke = EnclaveKeyPair.generate();
  private final ReceiptSigningKey signing = ReceiptSigningKey.generate();
  private final ReceiptVerifier verifier =
      new ReceiptVerifier(
          new Verifiers(TrustConfig.defaults().withSimulatedRoot(TEE.rootCertificate())));

  @AfterEach
  void close() {
    hpke.close();
    signing.close();
  }

  private byte[] receipt(byte[] reportData, boolean simulated) {
    ObjectNode r = CanonicalJson.mapper().createObjectNode();
    r.put("contractHash", "ab".repeat(32));
    r.put("outputDigest", "cd".repeat(32));
    r.set(
        "evidence",
        CanonicalJson.parse(
            EvidenceJson.write(new SimulatedCollector(TEE, MEASUREMENT).collect(reportData))));
    r.put("hpkePublicKey", hpke.publicKey().toBase64Url());
    r.put("simulated", simulated);
    return Receipts.sign(r, signing);
  }

  private byte[] bound() {
    return EnclaveIdentityBinding.reportData(hpke.publicKey(), signing.publicKey());
  }

  @Test
  void acceptsAReceiptSignedByTheKeyItsEvidenceBinds() {
    ReceiptCheck c = verifier.verify(receipt(bound(), true), Instant.now());

    assertThat(c.simulated()).isTrue();
    assertThat(c.claims().measurement()).isEqualTo("00".repeat(48));
    assertThat(c.receipt().get("contractHash").asText()).isEqualTo("ab".repeat(32));
  }

  @Test
  void refusesEvidenceBindingOtherKeysAFalseSimulatedFlagOrAnUntrustedRoot() {
    assertThatThrownBy(() -> verifier.verify(receipt(new byte[64], true), Instant.now()))
        .hasMessageContaining("does not bind its signing key")
        .extracting(e -> ((AttestationException) e).code())
        .isEqualTo(AttestationException.Code.RECEIPT_REFUSED);
    assertThatThrownBy(() -> verifier.verify(receipt(bound(), false), Instant.now()))
        .hasMessageContaining("contradicts its evidence");
    ReceiptVerifier noSim = new ReceiptVerifier(new Verifiers(TrustConfig.defaults()));
    assertThatThrownBy(() -> noSim.verify(receipt(bound(), true), Instant.now()))
        .hasMessageContaining("does not verify");
  }

  @Test
  void refusesAChangedByte() {
    byte[] r = receipt(bound(), true);
    r[r.length / 2] ^= 0x02;

    assertThatThrownBy(() -> verifier.verify(r, Instant.now()))
        .isInstanceOf(AttestationException.class);
  }
}
