package io.cleanroom.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.policy.AllowedEnclaves;
import io.cleanroom.attestation.policy.Appraisal;
import io.cleanroom.attestation.policy.EnclavePolicy;
import io.cleanroom.attestation.receipt.ReceiptCheck;
import io.cleanroom.attestation.receipt.ReceiptVerifier;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.log.TrustedLogKeys;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The trusted-keys file of {@code cleanroom verify log} (docs/audit.md#keys): {@link
 * TrustedLogKeys}' {@code {"portal":[...],"broker":[...],"enclave":[...]}}, where an enclave may
 * also be pinned through its attestation evidence instead of as a bare key:
 *
 * <pre>{@code
 * {"attestation": "enclave-attestation.json" | {...GET /v1/attestation's answer...},
 *  "policy": "enclave-policy.json" | {"allowedEnclaves": [...]}}
 * {"receipt": "receipt.json" | {...a signed receipt...}, "policy": ...}
 * }</pre>
 *
 * File names are relative to the trusted-keys file. Such a key is pinned only if the evidence
 * verifies ({@link ReceiptVerifier}: vendor roots, the simulator's root only when the verifier was
 * given it), binds the signing key (and the HPKE key) in its REPORT_DATA, and the policy ({@link
 * EnclavePolicy}) accepts it; a receipt's own signature must verify as well.
 *
 * <p><b>Security:</b> the auditor's own files (this one, its policies) that are malformed are
 * {@link Invalid}, never read as "not pinned" or "any build"; evidence that does not verify, bind
 * or pass the policy is {@link Refused}, and nothing is pinned.
 */
final class TrustedKeysFile {

  private static final Set<String> EVIDENCE_MEMBERS = Set.of("attestation", "receipt", "policy");

  /** The auditor's own input is malformed or missing (a usage error, exit code 2). */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  /** An enclave's evidence did not earn its key a pin (exit code 1). */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * An enclave key pinned through its evidence.
   *
   * @param key the signing key, unpadded base64url
   * @param source where the evidence came from ({@code attestation FILE}, {@code receipt FILE})
   * @param tee the TEE type
   * @param measurement the verified measurement (hex)
   * @param simulated whether the simulated TEE signed the evidence (not confidential)
   */
  record Pinned(String key, String source, String tee, String measurement, boolean simulated) {}

  /** The keys to verify with, and which enclave keys their evidence pinned. */
  record Read(TrustedLogKeys keys, List<Pinned> pinnedByEvidence) {}

  private final Path file;
  private final ReceiptVerifier verifier;
  private final Optional<Instant> at;

  /**
   * @param file the trusted-keys file
   * @param verifier verifies the evidence (with the trust options' roots)
   * @param at when to appraise the evidence: by default now for an attestation, a receipt's time
   */
  TrustedKeysFile(Path file, ReceiptVerifier verifier, Optional<Instant> at) {
    this.file = file;
    this.verifier = verifier;
    this.at = at;
  }

  /**
   * Reads the file, checking every enclave entry given by its evidence.
   *
   * @throws Invalid when a file is missing or malformed
   * @throws Refused when an enclave's evidence earns no pin
   */
  Read read() {
    JsonNode node = json(bytes(file), "the trusted keys " + file);
    List<Pinned> pinned = new ArrayList<>();
    JsonNode enclaves = node.get("enclave");
    if (node.isObject() && enclaves != null && enclaves.isArray()) {
      ArrayNode keys = CanonicalJson.mapper().createArrayNode();
      for (int i = 0; i < enclaves.size(); i++) {
        JsonNode e = enclaves.get(i);
        if (e.isObject()) {
          Pinned p = pin(e, "enclave[" + i + "]");
          pinned.add(p);
          keys.add(p.key());
        } else {
          keys.add(e);
        }
      }
      ((ObjectNode) node).set("enclave", keys);
    }
    try {
      return new Read(TrustedLogKeys.fromJson(CanonicalJson.toBytes(node)), List.copyOf(pinned));
    } catch (CryptoException e) {
      throw new Invalid(file + ": " + e.getMessage());
    }
  }

  private Pinned pin(JsonNode entry, String where) {
    Set<String> names = new TreeSet<>();
    entry.fieldNames().forEachRemaining(names::add);
    for (String n : names) {
      if (!EVIDENCE_MEMBERS.contains(n)) {
        throw new Invalid(
            file + ": " + where + ": unknown member '" + n + "' (known: " + EVIDENCE_MEMBERS + ")");
      }
    }
    if (names.contains("attestation") == names.contains("receipt")) {
      throw new Invalid(file + ": " + where + ": give either 'attestation' or 'receipt'");
    }
    if (!names.contains("policy")) {
      throw new Invalid(
          file + ": " + where + ": 'policy' is required: the enclave builds you accept");
    }
    EnclavePolicy policy = policy(entry.get("policy"), where);
    String kind = names.contains("receipt") ? "receipt" : "attestation";
    JsonNode source = entry.get(kind);
    if (!source.isTextual() && !source.isObject()) {
      throw new Invalid(
          file + ": " + where + ": '" + kind + "' is a file name or the JSON document itself");
    }
    String label = kind + " " + (source.isTextual() ? source.textValue() : "(inline)");
    String subject = where + " (" + label + ")";
    byte[] bytes =
        source.isTextual() ? bytes(resolve(source.textValue())) : CanonicalJson.toBytes(source);
    try {
      Verified v =
          kind.equals("receipt") ? fromReceipt(bytes) : fromAttestation(json(bytes, label));
      List<Appraisal> tried = policy.appraise(v.result(), v.reportData(), v.when());
      if (!AllowedEnclaves.accepted(tried)) {
        throw new Refused(
            subject
                + ": no enclave the policy allows accepts its evidence"
                + (tried.isEmpty() ? "" : " (" + AllowedEnclaves.refusals(tried) + ")"));
      }
      var claims = v.result().claims().orElseThrow();
      return new Pinned(
          v.key(), label, claims.tee().id(), claims.measurement(), claims.simulated());
    } catch (AttestationException e) {
      throw new Refused(subject + ": " + e.getMessage());
    }
  }

  /** Evidence that verified and binds {@code key}, and the time it was appraised at. */
  private record Verified(String key, VerificationResult result, byte[] reportData, Instant when) {}

  private Verified fromAttestation(JsonNode att) {
    String key = att.path("signingKey").asText("");
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length != ReceiptSigningKey.PUBLIC_KEY_BYTES
        || !TrustedLogKeys.encode(raw).equals(key)) {
      throw new AttestationException(
          AttestationException.Code.RECEIPT_REFUSED,
          "the enclave's signingKey is not an Ed25519 public key in base64url");
    }
    Instant when = at.orElseGet(Instant::now);
    ReceiptVerifier.EnclaveCheck c =
        verifier.verifyEnclave(
            att.path("evidence"),
            att.path("hpkePublicKey").asText(""),
            raw,
            att.path("simulated").asBoolean(true),
            when);
    return new Verified(key, c.result(), c.reportData(), when);
  }

  private Verified fromReceipt(byte[] signed) {
    Instant when =
        at.orElseGet(() -> ReceiptCommand.time(json(signed, "the receipt").path("receipt")));
    ReceiptCheck c = verifier.verify(signed, when);
    return new Verified(
        c.receipt().path("signingKey").asText(), c.evidence(), c.reportData(), when);
  }

  private EnclavePolicy policy(JsonNode policy, String where) {
    try {
      if (policy.isTextual()) {
        Path p = resolve(policy.textValue());
        return EnclavePolicy.fromJson(json(bytes(p), "the policy " + policy.textValue()));
      }
      return EnclavePolicy.fromJson(policy);
    } catch (AttestationException e) {
      throw new Invalid(file + ": " + where + ": the policy: " + e.getMessage());
    }
  }

  private Path resolve(String name) {
    Path dir = file.toAbsolutePath().getParent();
    return dir == null ? Path.of(name) : dir.resolve(name);
  }

  private static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new Invalid("no such file: " + p);
    } catch (IOException e) {
      throw new Invalid("cannot read " + p + ": " + e.getMessage());
    }
  }

  private static JsonNode json(byte[] bytes, String what) {
    try {
      return CanonicalJson.parse(bytes);
    } catch (CryptoException e) {
      throw new Invalid(what + " is not JSON: " + e.getMessage());
    }
  }
}
