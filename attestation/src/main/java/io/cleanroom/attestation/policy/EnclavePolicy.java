package io.cleanroom.attestation.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An auditor's own enclave policy: which enclave builds it accepts, independent of any contract,
 * for {@code cleanroom verify receipt --policy} and for enclave keys pinned through their evidence
 * in {@code verify log --trusted-keys}.
 *
 * <p>The file is a contract's {@code allowedEnclaves} in a JSON object of its own:
 *
 * <pre>{@code
 * {"allowedEnclaves": [
 *   {"tee": "snp", "measurement": "<hex>", "hostData": "<hex>",
 *    "minimumTcb": "bootloader=10,tee=0,snp=25,microcode=84"},
 *   {"tee": "tdx", "measurement": "<MRTD hex>", "tcbStatuses": "UpToDate"}]}
 * }</pre>
 *
 * Each entry is read and appraised exactly as the key broker reads a contract's ({@link
 * AllowedEnclaves}); the evidence is accepted when one entry of its TEE type accepts it.
 *
 * <p><b>Security:</b> deny by default. A member other than {@code allowedEnclaves}, an entry field
 * {@link AllowedEnclaves} does not know, a value that is not a string, or an empty list makes the
 * whole file invalid, so a typo cannot widen the policy. Debug guests are refused unless an entry
 * says {@code "allowDebug": "true"}; simulated evidence is accepted only by an entry with {@code
 * "tee": "sim"} (and only if the verifier was also given the simulator's root).
 *
 * @param entries the allowed enclaves, in order
 */
public record EnclavePolicy(List<AllowedEnclaves.Entry> entries) {

  /** The one member of a policy file. */
  public static final String MEMBER = "allowedEnclaves";

  /** Copies the entries and checks each one as {@link AllowedEnclaves#referenceValues} does. */
  public EnclavePolicy {
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw malformed("'" + MEMBER + "' lists no enclave: it would accept none");
    }
    for (AllowedEnclaves.Entry e : entries) {
      try {
        AllowedEnclaves.referenceValues(e.tee(), e.values());
      } catch (IllegalArgumentException ex) {
        throw malformed(ex.getMessage());
      }
    }
  }

  /**
   * Reads a policy file's bytes.
   *
   * @throws AttestationException {@code MALFORMED_POLICY} naming what is wrong
   */
  public static EnclavePolicy parse(byte[] json) {
    JsonNode root;
    try {
      root = CanonicalJson.parse(json);
    } catch (CryptoException e) {
      throw malformed("the policy is not JSON: " + e.getMessage());
    }
    return fromJson(root);
  }

  /**
   * Reads a policy given as JSON (a file's content, or a policy inline in a trusted-keys file).
   *
   * @throws AttestationException {@code MALFORMED_POLICY} naming what is wrong
   */
  public static EnclavePolicy fromJson(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw malformed("the policy is not a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!name.equals(MEMBER)) {
        throw malformed(
            "unknown policy member '"
                + name
                + "' (a policy is {\""
                + MEMBER
                + "\": [...]}, each entry as in a contract)");
      }
    }
    JsonNode list = root.get(MEMBER);
    if (list == null || !list.isArray()) {
      throw malformed("the policy needs '" + MEMBER + "', an array of enclave entries");
    }
    List<AllowedEnclaves.Entry> entries = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      entries.add(entry(list.get(i), MEMBER + "[" + i + "]"));
    }
    return new EnclavePolicy(entries);
  }

  /**
   * Appraises verified evidence against the entries, as {@link AllowedEnclaves#appraise} does.
   *
   * @param reportData the REPORT_DATA the evidence must carry (the binding of the enclave's keys)
   */
  public List<Appraisal> appraise(VerificationResult result, byte[] reportData, Instant now) {
    return AllowedEnclaves.appraise(result, entries, Optional.of(reportData), now);
  }

  private static AllowedEnclaves.Entry entry(JsonNode e, String path) {
    if (!e.isObject()) {
      throw malformed(path + " is not an object");
    }
    JsonNode tee = e.get("tee");
    if (tee == null || !tee.isTextual()) {
      throw malformed(path + ".tee is required: snp, tdx or sim");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (var field : e.properties()) {
      if (field.getKey().equals("tee")) {
        continue;
      }
      if (!field.getValue().isTextual()) {
        throw malformed(path + "." + field.getKey() + " must be a string, as in a contract");
      }
      values.put(field.getKey(), field.getValue().textValue());
    }
    try {
      AllowedEnclaves.referenceValues(tee.textValue(), values);
    } catch (IllegalArgumentException ex) {
      throw malformed(path + ": " + ex.getMessage());
    }
    return new AllowedEnclaves.Entry(tee.textValue(), values);
  }

  private static AttestationException malformed(String message) {
    return new AttestationException(AttestationException.Code.MALFORMED_POLICY, message);
  }
}
