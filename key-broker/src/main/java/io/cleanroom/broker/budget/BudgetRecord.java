package io.cleanroom.broker.budget;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One data owner's spent differential-privacy budget in one contract (the owner's total is the
 * contract's {@code totalEpsilon}). A row exists once the owner's first release was charged.
 */
@Entity
@Table(name = "privacy_budgets")
@IdClass(BudgetRecord.Key.class)
public class BudgetRecord extends PanacheEntityBase {

  @Id
  @Column(name = "contract_hash")
  public String contractHash;

  @Id
  @Column(name = "owner_org")
  public String ownerOrg;

  /** The epsilon spent so far. */
  @Column(name = "spent_epsilon")
  public BigDecimal spentEpsilon;

  /** How many releases were charged. */
  public long charges;

  @Column(name = "updated_at")
  public Instant updatedAt;

  /** The primary key: contract and owner. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    public String contractHash;
    public String ownerOrg;

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && java.util.Objects.equals(contractHash, k.contractHash)
          && java.util.Objects.equals(ownerOrg, k.ownerOrg);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(contractHash, ownerOrg);
    }
  }
}
