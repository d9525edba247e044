package io.cleanroom.broker.log;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/**
 * One signed entry of the broker's log, stored as the exact bytes that were signed; written once,
 * never updated (Hibernate ignores changes to an immutable entity) nor deleted.
 */
@Entity
@Immutable
@Table(name = "broker_log")
public class SignedLogEntry extends PanacheEntityBase {

  /** The broker's sequence number, also in the signed entry; gapless, from 1. */
  @Id public Long sequence;

  /** The contract the entry is about; null for a refusal before the contract was known. */
  @Column(name = "contract_hash")
  public String contractHash;

  /** The contract's collaboration; null when the contract is not registered here. */
  @Column(name = "collaboration_id")
  public String collaborationId;

  /** The {@code event} member, e.g. {@code key.released}. */
  public String event;

  /** The canonical JSON that {@code LogEntries.BROKER} signed. */
  @Column(name = "signed_entry")
  public byte[] signedEntry;

  @Column(name = "logged_at")
  public Instant loggedAt;
}
