package io.cleanroom.portal.collab;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A collaboration: the organizations working together under one contract at a time. */
@Entity
@Table(name = "collaborations")
public class Collaboration extends PanacheEntityBase {

  @Id public String id;

  public String name;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at")
  public Instant createdAt;
}
