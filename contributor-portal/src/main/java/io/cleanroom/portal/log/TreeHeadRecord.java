package io.cleanroom.portal.log;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A tree head the portal signed for a collaboration's log, kept as signed. */
@Entity
@Table(name = "tree_heads")
@IdClass(TreeHeadRecord.Key.class)
public class TreeHeadRecord extends PanacheEntityBase {

  @Id
  @Column(name = "collaboration_id")
  public String collaborationId;

  @Id
  @Column(name = "tree_size")
  public long treeSize;

  @Column(name = "signed_head", updatable = false)
  public byte[] signedHead;

  /** The composite key. */
  public record Key(String collaborationId, long treeSize) implements Serializable {
    public Key() {
      this(null, 0);
    }
  }
}
