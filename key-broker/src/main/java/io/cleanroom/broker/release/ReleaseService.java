package io.cleanroom.broker.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.policy.AllowedEnclaves;
import io.cleanroom.attestation.policy.Appraisal;
import io.cleanroom.attestation.policy.RefusalReason;
import io.cleanroom.broker.BrokerConfig;
import io.cleanroom.broker.api.BrokerException;
import io.cleanroom.broker.api.ErrorCode;
import io.cleanroom.broker.approval.Approvals;
import io.cleanroom.broker.budget.PrivacyBudgets;
import io.cleanroom.broker.contract.Contracts;
import io.cleanroom.broker.custody.KeyCustody;
import io.cleanroom.broker.log.ReleaseLog;
import io.cleanroom.broker.log.ReleaseLogEntry;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.hpke.KeyWrap;
import io.cleanroom.crypto.hpke.ReleaseBinding;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.DatasetSpec;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The release protocol (docs/protocol.md): a challenge with a single-use nonce, then evidence that
 * binds the runtime data; keys leave only HPKE-sealed to the attested enclave's key, and only for
 * datasets whose owners approved the contract and this query.
 *
 * <p><b>Security:</b> every refusal is logged with its reason and answered with a stable code only.
 * The nonce is spent before anything else is checked, so a refused answer cannot be retried with
 * the same nonce. All datasets or none: one missing approval refuses the whole request. No budget,
 * no key: a release of differentially private datasets is charged to their owners' budgets ({@link
 * PrivacyBudgets}) in the transaction that logs it, as its last check.
 */
@ApplicationScoped
public class ReleaseService {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  @Inject BrokerConfig config;
  @Inject Clock clock;
  @Inject Contracts contracts;
  @Inject Approvals approvals;
  @Inject KeyCustody custody;
  @Inject AttestationGate gate;
  @Inject ReleaseLog log;
  @Inject PrivacyBudgets budgets;

  /** A challenge's answer to the enclave. */
  public record Challenge(String sessionId, String nonce, Instant expiresAt) {}

  /** One released key: the DEK sealed to the enclave's public key. */
  public record ReleasedKey(String datasetId, String keyId, String sealedKey) {}

  /** The release's answer. */
  public record Release(List<ReleasedKey> keys, boolean simulated) {}

  /** Opens a session for a TEE type and returns its nonce. */
  public Challenge challenge(String tee) {
    TeeType type;
    try {
      type = TeeType.fromId(tee == null ? "" : tee);
    } catch (AttestationException e) {
      throw new BrokerException(ErrorCode.MALFORMED_REQUEST, "tee must be snp, tdx or sim");
    }
    byte[] id = new byte[18];
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(nonce);
    ReleaseSession s = new ReleaseSession();
    s.id = B64URL.encodeToString(id);
    s.nonce = B64URL.encodeToString(nonce);
    s.tee = type.id();
    s.createdAt = clock.instant();
    s.expiresAt = s.createdAt.plus(config.release().sessionTtl());
    QuarkusTransaction.requiringNew().run(s::persist);
    return new Challenge(s.id, s.nonce, s.expiresAt);
  }

  /**
   * Checks the evidence and approvals and returns the sealed keys; every outcome is logged.
   *
   * <p>Two transactions: the first spends the nonce (one conditional update, committed before
   * anything else is looked at, so that a refused answer cannot be retried and racing answers
   * cannot both pass); the second reads the session, runs every check, looks up the keys and
   * appends the log entry and its signed entry, refusals included (the checks write nothing, so a
   * refusal commits only its log entries).
   *
   * @param evidenceJson the evidence container ({@code cleanroom-evidence/1})
   * @param runtimeJson the runtime data the evidence binds
   */
  public Release attest(String sessionId, JsonNode evidenceJson, JsonNode runtimeJson) {
    ReleaseLogEntry entry = new ReleaseLogEntry();
    entry.sessionId = sessionId;
    Outcome outcome;
    try {
      if (sessionId == null || sessionId.isEmpty()) {
        throw new BrokerException(ErrorCode.MALFORMED_REQUEST, "sessionId is required");
      }
      Instant now = clock.instant();
      boolean first =
          QuarkusTransaction.requiringNew()
              .call(
                  () ->
                      ReleaseSession.update(
                              "usedAt = ?1 where id = ?2 and usedAt is null", now, sessionId)
                          == 1);
      outcome =
          QuarkusTransaction.requiringNew()
              .call(() -> checkAndLog(sessionId, first, now, evidenceJson, runtimeJson, entry));
    } catch (BrokerException e) {
      refused(entry, e);
      entry.loggedAt = clock.instant();
      log.append(entry);
      throw e;
    }
    if (outcome.refusal() != null) {
      throw outcome.refusal();
    }
    return outcome.release();
  }

  /** A release or the refusal that was logged instead. */
  private record Outcome(Release release, BrokerException refusal) {}

  private Outcome checkAndLog(
      String sessionId,
      boolean first,
      Instant spentAt,
      JsonNode evidenceJson,
      JsonNode runtimeJson,
      ReleaseLogEntry entry) {
    Outcome outcome;
    try {
      ReleaseSession session = session(sessionId, first, spentAt);
      entry.tee = session.tee;
      outcome = new Outcome(checkAndSeal(session, evidenceJson, runtimeJson, entry), null);
      entry.outcome = "RELEASED";
    } catch (BrokerException e) {
      outcome = new Outcome(null, e);
      refused(entry, e);
    }
    entry.loggedAt = clock.instant();
    log.record(entry);
    return outcome;
  }

  private void refused(ReleaseLogEntry entry, BrokerException e) {
    entry.outcome = "REFUSED";
    entry.errorCode = e.code().name();
    entry.reason = truncate(e.reason());
  }

  /** The session this answer spent, or why it is refused. */
  private static ReleaseSession session(String sessionId, boolean first, Instant spentAt) {
    ReleaseSession s = ReleaseSession.findById(sessionId);
    if (s == null) {
      throw new BrokerException(ErrorCode.SESSION_UNKNOWN, "no session " + sessionId);
    }
    if (!first) {
      throw new BrokerException(
          ErrorCode.NONCE_REPLAYED, "session " + sessionId + " was already answered");
    }
    if (spentAt.isAfter(s.expiresAt)) {
      throw new BrokerException(
          ErrorCode.SESSION_EXPIRED, "session " + sessionId + " expired at " + s.expiresAt);
    }
    return s;
  }

  private Release checkAndSeal(
      ReleaseSession session, JsonNode evidenceJson, JsonNode runtimeJson, ReleaseLogEntry entry) {

    RuntimeData rd = RuntimeData.parse(runtimeJson);
    entry.contractHash = rd.contractHash();
    entry.queryFingerprint = rd.queryFingerprint();
    entry.datasetIds = String.join(",", rd.datasetIds());
    entry.enclavePublicKey = rd.enclavePublicKey().toBase64Url();
    if (!MessageDigest.isEqual(bytes(rd.nonce()), bytes(session.nonce))) {
      throw new BrokerException(ErrorCode.NONCE_MISMATCH, "runtimeData.nonce is not the session's");
    }

    Contract contract = contracts.require(rd.contractHash());
    List<DatasetSpec> datasets = new ArrayList<>();
    Set<String> owners = new LinkedHashSet<>();
    for (String id : rd.datasetIds()) {
      DatasetSpec spec =
          contract
              .dataset(id)
              .orElseThrow(
                  () ->
                      new BrokerException(
                          ErrorCode.DATASET_UNKNOWN, "dataset " + id + " is not in the contract"));
      datasets.add(spec);
      owners.add(spec.owner());
    }
    entry.ownerOrgs = "," + String.join(",", owners) + ",";

    Evidence evidence = parseEvidence(evidenceJson, entry);
    if (!evidence.tee().id().equals(session.tee)) {
      throw new BrokerException(
          ErrorCode.TEE_MISMATCH,
          "the session is for " + session.tee + ", the evidence is " + evidence.tee().id());
    }
    appraise(contract, evidence, rd, entry);

    var standing = approvals.standing(contract.id(), rd.queryFingerprint(), owners);
    for (String owner : owners) {
      if (!standing.get(owner).contractApproved()) {
        throw new BrokerException(
            ErrorCode.CONTRACT_NOT_APPROVED, owner + " has not approved contract " + contract.id());
      }
      if (!standing.get(owner).queryApproved()) {
        throw new BrokerException(
            ErrorCode.QUERY_NOT_APPROVED,
            owner + " has not approved query " + rd.queryFingerprint());
      }
    }

    List<ReleasedKey> keys = new ArrayList<>();
    for (DatasetSpec spec : datasets) {
      Optional<DatasetKey> key = custody.open(spec.owner(), spec.id());
      if (key.isEmpty()) {
        throw new BrokerException(
            ErrorCode.DATASET_UNKNOWN,
            spec.owner() + " has deposited no key for dataset " + spec.id());
      }
      try (DatasetKey dek = key.get()) {
        byte[] aad = ReleaseBinding.associatedData(rd.json(), spec.id(), dek.keyId());
        byte[] sealed = KeyWrap.seal(rd.enclavePublicKey(), dek, aad);
        keys.add(new ReleasedKey(spec.id(), dek.keyId(), B64URL.encodeToString(sealed)));
      }
    }
    String charged = charge(contract, datasets, entry);
    entry.reason =
        "released "
            + keys.stream()
                .map(k -> k.datasetId() + "@" + k.keyId())
                .collect(Collectors.joining(","))
            + charged;
    return new Release(List.copyOf(keys), Boolean.TRUE.equals(entry.simulated));
  }

  /**
   * Debits the owners' privacy budgets (the last check, so that nothing after it can refuse a
   * charged release); answers how the release log describes the charge.
   */
  private String charge(Contract contract, List<DatasetSpec> datasets, ReleaseLogEntry entry) {
    Optional<PrivacyBudgets.Debit> debit = budgets.debit(contract, datasets);
    if (debit.isEmpty()) {
      return "";
    }
    PrivacyBudgets.Debit d = debit.get();
    entry.epsilon = d.epsilon();
    entry.epsilonLeft = d.leftJson();
    if (!d.granted()) {
      throw new BrokerException(
          ErrorCode.BUDGET_EXHAUSTED,
          "the privacy budget is exhausted in contract " + contract.id() + ": " + d.describe());
    }
    return "; " + d.describe();
  }

  private static Evidence parseEvidence(JsonNode json, ReleaseLogEntry entry) {
    if (json == null || !json.isObject()) {
      throw new BrokerException(ErrorCode.MALFORMED_REQUEST, "evidence must be an object");
    }
    entry.evidenceSha256 = Digests.hex(Digests.sha256(CanonicalJson.toBytes(json)));
    try {
      return EvidenceJson.read(json);
    } catch (AttestationException e) {
      throw new BrokerException(
          ErrorCode.ATTESTATION_REFUSED, "evidence does not parse: " + e.getMessage());
    }
  }

  private void appraise(Contract contract, Evidence evidence, RuntimeData rd, ReleaseLogEntry e) {
    Instant now = clock.instant();
    VerificationResult result = gate.verify(evidence, now);
    result.claims().ifPresent(c -> e.claimsJson = CanonicalJson.toString(c.toJson()));
    e.simulated = result.claims().map(c -> c.simulated()).orElse(evidence.tee() == TeeType.SIM);
    if (evidence.tee() == TeeType.SIM && !gate.simulationTrusted()) {
      throw new BrokerException(
          ErrorCode.SIMULATION_NOT_TRUSTED,
          "simulated evidence, and this broker trusts no simulator");
    }
    byte[] binding = ReleaseBinding.reportData(rd.json());
    List<Appraisal> tried =
        AllowedEnclaves.appraise(result, entries(contract), Optional.of(binding), now);
    if (AllowedEnclaves.accepted(tried)) {
      return;
    }
    if (evidence.tee() == TeeType.SIM && tried.isEmpty()) {
      throw new BrokerException(
          ErrorCode.SIMULATION_NOT_TRUSTED, "the contract allows no simulated enclave");
    }
    if (tried.isEmpty()) {
      throw new BrokerException(
          ErrorCode.ATTESTATION_REFUSED,
          "the contract allows no " + evidence.tee().id() + " enclave");
    }
    String detail = AllowedEnclaves.refusals(tried);
    boolean onlyBinding =
        tried.stream()
            .anyMatch(
                a -> Set.copyOf(a.reasons()).equals(Set.of(RefusalReason.REPORT_DATA_MISMATCH)));
    ErrorCode code = onlyBinding ? ErrorCode.BINDING_MISMATCH : ErrorCode.ATTESTATION_REFUSED;
    throw new BrokerException(code, detail);
  }

  /** The contract's allowed enclaves, as the attestation module reads them. */
  private static List<AllowedEnclaves.Entry> entries(Contract contract) {
    return contract.allowedEnclaves().stream()
        .map(r -> new AllowedEnclaves.Entry(r.tee(), r.values()))
        .toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 4000 ? s : s.substring(0, 4000);
  }
}
