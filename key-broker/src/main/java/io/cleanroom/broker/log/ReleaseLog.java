package io.cleanroom.broker.log;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.List;

/**
 * The release log: every key release and every refusal, in its own transaction so that a refusal is
 * recorded even though the request's work is rolled back. Each entry also gets its signed entry in
 * the broker's log ({@link BrokerLog}), in the same transaction.
 */
@ApplicationScoped
public class ReleaseLog {

  @Inject BrokerLog signed;

  /** Appends an entry (and its signed entry) in a new transaction. */
  public void append(ReleaseLogEntry e) {
    QuarkusTransaction.requiringNew().run(() -> record(e));
  }

  /** Appends an entry (and its signed entry) in the caller's transaction. */
  @Transactional(TxType.MANDATORY)
  public void record(ReleaseLogEntry e) {
    e.persist();
    signed.released(e);
  }

  /**
   * Entries, newest first: all of them ({@code org == null}, for compliance officers) or those
   * touching a dataset of {@code org}.
   */
  @Transactional
  public List<ReleaseLogEntry> query(String org, String contractHash, int limit) {
    StringBuilder q = new StringBuilder("1 = 1");
    java.util.Map<String, Object> params = new java.util.HashMap<>();
    if (org != null) {
      q.append(" and ownerOrgs like :org");
      params.put("org", "%," + org.replace("%", "").replace("_", "") + ",%");
    }
    if (contractHash != null) {
      q.append(" and contractHash = :contract");
      params.put("contract", contractHash);
    }
    q.append(" order by id desc");
    return ReleaseLogEntry.<ReleaseLogEntry>find(q.toString(), params).page(0, limit).list();
  }
}
