package io.cleanroom.portal.dataset;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One uploaded version of a sealed dataset, named by the SHA-256 of its bytes. */
@Entity
@Table(name = "datasets")
@IdClass(DatasetRecord.Key.class)
public class DatasetRecord extends PanacheEntityBase {

  @Id
  @Column(name = "collaboration_id")
  public String collaborationId;

  @Id
  @Column(name = "sealed_digest")
  public String sealedDigest;

  @Column(name = "dataset_id")
  public String datasetId;

  @Column(name = "owner_org")
  public String ownerOrg;

  @Column(name = "size_bytes")
  public long sizeBytes;

  @Column(name = "row_count")
  public long rowCount;

  @Column(name = "key_id")
  public String keyId;

  @Column(name = "header_json")
  public String headerJson;

  @Column(name = "uploaded_by")
  public String uploadedBy;

  @Column(name = "uploaded_at")
  public Instant uploadedAt;

  /** The composite key. */
  public record Key(String collaborationId, String sealedDigest) implements Serializable {
    public Key() {
      this(null, null);
    }
  }
}
