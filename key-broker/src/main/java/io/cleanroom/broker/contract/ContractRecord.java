package io.cleanroom.broker.contract;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A contract registered at the broker: its canonical JSON, stored once under its hash. */
@Entity
@Table(name = "contracts")
public class ContractRecord extends PanacheEntityBase {

  @Id
  @Column(name = "contract_hash")
  public String contractHash;

  @Column(name = "collaboration_id")
  public String collaborationId;

  @Column(name = "contract_json")
  public String contractJson;

  @Column(name = "registered_by")
  public String registeredBy;

  @Column(name = "registered_at")
  public Instant registeredAt;
}
