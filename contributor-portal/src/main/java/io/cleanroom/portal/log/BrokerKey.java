package io.cleanroom.portal.log;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A key broker's log key as the portal first saw it. */
@Entity
@Table(name = "broker_keys")
public class BrokerKey extends PanacheEntityBase {

  @Id
  @Column(name = "broker_url")
  public String brokerUrl;

  @Column(name = "signing_key")
  public String signingKey;

  @Column(name = "first_seen")
  public Instant firstSeen;
}
