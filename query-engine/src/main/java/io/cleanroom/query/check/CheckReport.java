package io.cleanroom.query.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.query.plan.DpSpec;
import io.cleanroom.query.plan.GroupThreshold;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The result of checking a query against a contract, for people (the portal shows it to approvers)
 * and machines (the enclave and key broker compare fingerprints).
 *
 * @param allowed the verdict
 * @param refusals every reason for a refusal; empty when allowed
 * @param contractId the contract's SHA-256
 * @param normalizedSql the query as fingerprinted; empty if it does not parse
 * @param parameters the parameter values
 * @param fingerprint the query fingerprint; empty if the query does not parse
 * @param engineVersion the engine version bound into the fingerprint
 * @param template the template the query matched, if any
 * @param datasets what the query reads from each dataset
 * @param outputs the result columns and what they are computed from
 * @param thresholds the minimum distinct identities per released group
 * @param differentialPrivacy the noise parameters, if the query is private
 * @param summary plain-language sentences describing all of the above
 */
public record CheckReport(
    boolean allowed,
    List<Refusal> refusals,
    String contractId,
    Optional<String> normalizedSql,
    List<JsonNode> parameters,
    Optional<String> fingerprint,
    String engineVersion,
    Optional<String> template,
    List<DatasetRead> datasets,
    List<OutputColumn> outputs,
    List<GroupThreshold> thresholds,
    Optional<DpSpec> differentialPrivacy,
    List<String> summary) {

  public CheckReport {
    refusals = List.copyOf(refusals);
    parameters = List.copyOf(parameters);
    datasets = List.copyOf(datasets);
    outputs = List.copyOf(outputs);
    thresholds = List.copyOf(thresholds);
    summary = List.copyOf(summary);
  }

  /** The refusal codes, for tests and machines. */
  public Set<RefusalCode> codes() {
    return Set.copyOf(refusals.stream().map(Refusal::code).toList());
  }

  /**
   * The columns a query reads from one dataset.
   *
   * @param dataset the dataset id
   * @param owner the owning organisation (who must approve)
   * @param columns each column read, its roles and its uses
   */
  public record DatasetRead(String dataset, String owner, List<ColumnRead> columns) {
    public DatasetRead {
      columns = List.copyOf(columns);
    }
  }

  /**
   * One column read by a query.
   *
   * @param column the column name
   * @param roles its roles in the owner's rule
   * @param uses how the query uses it (e.g. {@code filter}, {@code GROUP BY key}, {@code SUM(...)})
   */
  public record ColumnRead(String column, List<String> roles, List<String> uses) {
    public ColumnRead {
      roles = List.copyOf(roles);
      uses = List.copyOf(uses);
    }
  }
}
