package io.cleanroom.portal.log;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A leaf of a collaboration's log: the signed entry's exact bytes. Rows are only inserted. */
@Entity
@Table(name = "log_entries")
@IdClass(LogEntryRecord.Key.class)
public class LogEntryRecord extends PanacheEntityBase {

  @Id
  @Column(name = "collaboration_id")
  public String collaborationId;

  @Id
  @Column(name = "leaf_index")
  public long leafIndex;

  @Column(updatable = false)
  public byte[] entry;

  @Column(updatable = false)
  public String signer;

  @Column(updatable = false)
  public String event;

  /**
   * Where it came from (portal, a broker's sequence number, an enclave run), for de-duplication.
   */
  @Column(updatable = false)
  public String source;

  @Column(name = "appended_at", updatable = false)
  public Instant appendedAt;

  /** The composite key. */
  public record Key(String collaborationId, long leafIndex) implements Serializable {
    public Key() {
      this(null, 0);
    }
  }
}
