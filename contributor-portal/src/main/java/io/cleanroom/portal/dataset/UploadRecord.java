package io.cleanroom.portal.dataset;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A resumable upload in progress: whose it is, how many bytes arrived, and when it expires. */
@Entity
@Table(name = "uploads")
public class UploadRecord extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "collaboration_id")
  public String collaborationId;

  @Column(name = "dataset_id")
  public String datasetId;

  @Column(name = "owner_org")
  public String ownerOrg;

  @Column(name = "opened_by")
  public String openedBy;

  /** The total the client announced, if it did. */
  @Column(name = "declared_size")
  public Long declaredSize;

  /** The upload's offset: the bytes received so far. */
  @Column(name = "received_bytes")
  public long receivedBytes;

  @Column(name = "opened_at")
  public Instant openedAt;

  @Column(name = "expires_at")
  public Instant expiresAt;
}
