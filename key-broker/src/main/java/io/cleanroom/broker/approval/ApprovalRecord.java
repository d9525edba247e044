package io.cleanroom.broker.approval;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One owner decision, never changed after it is written: a later decision on the same subject
 * supersedes it (the newest counts), and both stay in the table.
 */
@Entity
@Table(name = "approvals")
public class ApprovalRecord extends PanacheEntityBase {

  /** What is decided on. */
  public enum Kind {
    CONTRACT,
    QUERY
  }

  /** The decision. */
  public enum Decision {
    APPROVED,
    REJECTED
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Enumerated(EnumType.STRING)
  public Kind kind;

  @Column(name = "contract_hash")
  public String contractHash;

  @Column(name = "query_fingerprint")
  public String queryFingerprint;

  public String org;

  @Enumerated(EnumType.STRING)
  public Decision decision;

  public String actor;

  @Column(name = "token_ref")
  public String tokenRef;

  public String comment;

  @Column(name = "decided_at")
  public Instant decidedAt;
}
