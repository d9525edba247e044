package io.cleanroom.portal.run;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A run the portal asked the enclave for, and what came back. */
@Entity
@Table(name = "runs")
public class RunRecord extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "collaboration_id")
  public String collaborationId;

  @Column(name = "query_id")
  public String queryId;

  @Column(name = "contract_hash")
  public String contractHash;

  public String fingerprint;

  @Column(name = "enclave_url")
  public String enclaveUrl;

  @Column(name = "enclave_run_id")
  public String enclaveRunId;

  /** The enclave's secret for the run, needed to read it there; never logged or shown. */
  @Column(name = "enclave_run_secret")
  public String enclaveRunSecret;

  /** The enclave's status: QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED. */
  public String status;

  public String phase;

  public Integer step;

  public Integer steps;

  @Column(name = "error_code")
  public String errorCode;

  @Column(name = "error_message")
  public String errorMessage;

  public boolean simulated;

  @Column(name = "requested_by")
  public String requestedBy;

  @Column(name = "requested_org")
  public String requestedOrg;

  @Column(name = "requested_at")
  public Instant requestedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  /** The result as the enclave returned it (canonical JSON), for result recipients only. */
  @Column(name = "result_json")
  public String resultJson;

  @Column(name = "output_digest")
  public String outputDigest;

  /** The enclave's signed receipt, its exact bytes. */
  public byte[] receipt;

  /** Whether the enclave is done with it. */
  public boolean finished() {
    return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED");
  }
}
