package io.cleanroom.portal.log;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** How far the portal has read a key broker's signed entries of one contract. */
@Entity
@Table(name = "broker_cursors")
@IdClass(BrokerCursor.Key.class)
public class BrokerCursor extends PanacheEntityBase {

  @Id
  @Column(name = "broker_url")
  public String brokerUrl;

  @Id
  @Column(name = "contract_hash")
  public String contractHash;

  @Column(name = "last_sequence")
  public long lastSequence;

  /** The composite key. */
  public record Key(String brokerUrl, String contractHash) implements Serializable {
    public Key() {
      this(null, null);
    }
  }
}
