package io.cleanroom.broker.custody;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A deposited dataset key, sealed under the master key; one per (owner organization, dataset). */
@Entity
@Table(name = "dataset_keys")
public class DatasetKeyRecord extends PanacheEntityBase {

  /** The record's identity: the owner organization and its dataset id. */
  @Embeddable
  public static class Id implements Serializable {
    private static final long serialVersionUID = 1L;

    @Column(name = "owner_org")
    public String ownerOrg;

    @Column(name = "dataset_id")
    public String datasetId;

    public Id() {}

    public Id(String ownerOrg, String datasetId) {
      this.ownerOrg = ownerOrg;
      this.datasetId = datasetId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Id other
          && ownerOrg.equals(other.ownerOrg)
          && datasetId.equals(other.datasetId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(ownerOrg, datasetId);
    }
  }

  @EmbeddedId public Id id;

  @Column(name = "key_id")
  public String keyId;

  @Column(name = "wrapped_key")
  public byte[] wrappedKey;

  @Column(name = "master_key_id")
  public String masterKeyId;

  @Column(name = "deposited_by")
  public String depositedBy;

  @Column(name = "deposited_at")
  public Instant depositedAt;
}
