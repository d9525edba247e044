package io.cleanroom.broker.log;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The next sequence number of the signed log (one row). Appending holds its row lock until the
 * transaction ends, so entries commit in sequence order and without gaps.
 */
@Entity
@Table(name = "broker_log_head")
public class LogHead extends PanacheEntityBase {

  /** The one row's id. */
  public static final int ID = 1;

  @Id public Integer id;

  @Column(name = "next_sequence")
  public long nextSequence;
}
