package io.cleanroom.broker.log;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The broker's log key at rest: its public key and its private key sealed under the master key. */
@Entity
@Table(name = "broker_log_key")
public class LogKeyRecord extends PanacheEntityBase {

  /** The one row's id. */
  public static final int ID = 1;

  @Id public Integer id;

  /** The Ed25519 public key, unpadded base64url. */
  @Column(name = "public_key")
  public String publicKey;

  /** The 32-byte private key sealed under the master key ({@code 0x01 || iv || ct || tag}). */
  @Column(name = "sealed_private_key")
  public byte[] sealedPrivateKey;

  @Column(name = "master_key_id")
  public String masterKeyId;

  @Column(name = "created_at")
  public Instant createdAt;
}
