package io.cleanroom.broker.release;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A challenge: its nonce may be answered once, before it expires. */
@Entity
@Table(name = "release_sessions")
public class ReleaseSession extends PanacheEntityBase {

  @Id public String id;

  public String nonce;

  public String tee;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "used_at")
  public Instant usedAt;
}
