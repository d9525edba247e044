package io.cleanroom.portal.query;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A query an analyst proposed, with its check report. */
@Entity
@Table(name = "queries")
public class QueryRecord extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "collaboration_id")
  public String collaborationId;

  @Column(name = "contract_hash")
  public String contractHash;

  @Column(name = "sql_text")
  public String sql;

  @Column(name = "parameters_json")
  public String parametersJson;

  public boolean allowed;

  public String fingerprint;

  @Column(name = "report_json")
  public String reportJson;

  @Column(name = "proposed_by")
  public String proposedBy;

  @Column(name = "proposed_by_org")
  public String proposedByOrg;

  @Column(name = "proposed_at")
  public Instant proposedAt;
}
