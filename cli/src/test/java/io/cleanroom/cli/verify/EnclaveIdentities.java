package io.cleanroom.cli.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.sim.SimulatedReportRequest;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.crypto.hpke.EnclaveKeyPair;
import io.cleanroom.crypto.hpke.EnclavePublicKey;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.EnclaveIdentityBinding;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.cleanroom.crypto.receipt.Receipts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Enclave identities made the way the enclave service makes them: an HPKE key pair and a signing
 * key whose public halves the evidence's REPORT_DATA binds ({@link EnclaveIdentityBinding}), stated
 * as {@code GET /v1/attestation} answers it, or carried in a signed receipt.
 */
final class EnclaveIdentities {

  /** The AWS VLEK sample: genuine, valid only from 2024-12-10 to 2025-12-10 (PROVENANCE.md). */
  static final String VLEK_REPORT = "sev-snp/trustee/test-vlek-report.bin";

  static final String VLEK_CERT = "sev-snp/trustee/test-vlek.der";

  /** The shared attestation samples, read in place. */
  static final Path SAMPLES =
      Path.of(System.getProperty("cleanroom.shared.dir", "../../shared"), "testdata/attestation");

  private EnclaveIdentities() {}

  static String sample(String relative) {
    return SAMPLES.resolve(relative).toString();
  }

  private static byte[] read(String relative) {
    try {
      return Files.readAllBytes(SAMPLES.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The attestation answer of an enclave signing with {@code signingKey}, whose simulated evidence
   * binds {@code boundKey} (the signing key itself, unless a test forges it).
   */
  static ObjectNode simulated(
      SimulatedTee tee,
      byte[] signingKey,
      byte[] boundKey,
      byte[] measurement,
      UnaryOperator<SimulatedReportRequest> request) {
    try (EnclaveKeyPair hpke = EnclaveKeyPair.generate()) {
      byte[] rd = EnclaveIdentityBinding.reportData(hpke.publicKey(), boundKey);
      Evidence e = tee.report(request.apply(SimulatedReportRequest.of(rd, measurement)));
      return attestation(e, "sim", true, hpke.publicKey(), signingKey);
    }
  }

  /** The attestation answer of an enclave whose evidence is the genuine AWS VLEK sample. */
  static ObjectNode genuineVlek(byte[] signingKey) {
    try (EnclaveKeyPair hpke = EnclaveKeyPair.generate()) {
      Evidence e = new SnpEvidence(read(VLEK_REPORT), List.of(read(VLEK_CERT)));
      return attestation(e, "snp", false, hpke.publicKey(), signingKey);
    }
  }

  /** {@code GET /v1/attestation}'s members that a verifier reads. */
  static ObjectNode attestation(
      Evidence e, String tee, boolean simulated, EnclavePublicKey hpke, byte[] signingKey) {
    ObjectNode a = CanonicalJson.mapper().createObjectNode();
    a.put("simulated", simulated);
    a.put("tee", tee);
    a.put("hpkePublicKey", hpke.toBase64Url());
    a.put(
        "signingKey", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(signingKey));
    a.set("evidence", CanonicalJson.parse(EvidenceJson.write(e)));
    return a;
  }

  /** A signed receipt of the enclave {@code attestation} states, with {@code body}'s members. */
  static byte[] receipt(ObjectNode attestation, ReceiptSigningKey key, ObjectNode body) {
    ObjectNode r = body.deepCopy();
    r.put("tee", attestation.get("tee").asText());
    r.set("evidence", attestation.get("evidence"));
    r.put("hpkePublicKey", attestation.get("hpkePublicKey").asText());
    r.put("simulated", attestation.get("simulated").asBoolean());
    return Receipts.sign(r, key);
  }
}
