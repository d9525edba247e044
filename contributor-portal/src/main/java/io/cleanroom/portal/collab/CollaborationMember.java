package io.cleanroom.portal.collab;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/** An organization's membership of a collaboration, with its roles there. */
@Entity
@Table(name = "collaboration_members")
@IdClass(CollaborationMember.Key.class)
public class CollaborationMember extends PanacheEntityBase {

  @Id
  @Column(name = "collaboration_id")
  public String collaborationId;

  @Id public String org;

  /** Comma-separated contract role names: data-owner, analyst, result-recipient, compliance. */
  public String roles;

  /** The roles as a list. */
  public List<String> roleList() {
    return Arrays.asList(roles.split(","));
  }

  /** The composite key. */
  public record Key(String collaborationId, String org) implements Serializable {
    public Key() {
      this(null, null);
    }
  }
}
