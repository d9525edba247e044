package io.cleanroom.portal.contract;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A contract version of a collaboration, stored as proposed under its SHA-256. */
@Entity
@Table(name = "contracts")
public class ContractRecord extends PanacheEntityBase {

  @Id
  @Column(name = "contract_hash")
  public String contractHash;

  @Column(name = "collaboration_id")
  public String collaborationId;

  @Column(name = "version_number")
  public int versionNumber;

  @Column(name = "contract_json")
  public String contractJson;

  @Column(name = "proposed_by")
  public String proposedBy;

  @Column(name = "proposed_by_org")
  public String proposedByOrg;

  @Column(name = "proposed_at")
  public Instant proposedAt;
}
