package io.cleanroom.portal.log;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/**
 * How far the portal has read one source's signed entries of one contract: a key broker ({@code
 * broker:<url>}) or one enclave instance ({@code enclave:<url>#<its attested key>}).
 */
@Entity
@Table(name = "sync_cursors")
@IdClass(SyncCursor.Key.class)
public class SyncCursor extends PanacheEntityBase {

  @Id public String source;

  @Id
  @Column(name = "contract_hash")
  public String contractHash;

  @Column(name = "last_sequence")
  public long lastSequence;

  /** The composite key. */
  public record Key(String source, String contractHash) implements Serializable {
    public Key() {
      this(null, null);
    }
  }
}
