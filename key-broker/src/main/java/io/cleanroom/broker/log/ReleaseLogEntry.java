package io.cleanroom.broker.log;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** One release or refusal, as the release log keeps it (never updated or deleted). */
@Entity
@Table(name = "release_log")
public class ReleaseLogEntry extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "logged_at")
  public Instant loggedAt;

  @Column(name = "session_id")
  public String sessionId;

  /** {@code RELEASED} or {@code REFUSED}. */
  public String outcome;

  @Column(name = "error_code")
  public String errorCode;

  /** Why it was refused, for owners and compliance officers; never key material. */
  public String reason;

  public String tee;

  public Boolean simulated;

  @Column(name = "contract_hash")
  public String contractHash;

  @Column(name = "query_fingerprint")
  public String queryFingerprint;

  /** The requested dataset ids, comma separated. */
  @Column(name = "dataset_ids")
  public String datasetIds;

  /** The organizations owning those datasets, as {@code ,a,b,} (for owners' queries). */
  @Column(name = "owner_orgs")
  public String ownerOrgs;

  @Column(name = "evidence_sha256")
  public String evidenceSha256;

  /** The verified claims (canonical JSON), when the evidence was parsed. */
  @Column(name = "claims_json")
  public String claimsJson;

  /** The enclave public key the keys were (or would have been) sealed to. */
  @Column(name = "enclave_public_key")
  public String enclavePublicKey;

  /**
   * The epsilon charged to each owner of a differentially private dataset (or, refused with {@code
   * BUDGET_EXHAUSTED}, asked of each); null when no requested dataset is private.
   */
  public BigDecimal epsilon;

  /**
   * What each of those owners had left after the release (or when refused): {@code {owner:
   * decimal}}.
   */
  @Column(name = "epsilon_left")
  public String epsilonLeft;
}
