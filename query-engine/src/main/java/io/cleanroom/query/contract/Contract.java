package io.cleanroom.query.contract;

import java.util.List;
import java.util.Optional;

/**
 * A collaboration contract: members, datasets with their analysis rules, the enclave builds that
 * may run queries, and the result recipients.
 *
 * <p><b>Security:</b> the contract's id is the SHA-256 of its canonical JSON (RFC 8785), so every
 * party approves exactly the same bytes; any change is a new contract. Instances are only built by
 * {@link ContractParser}, which validates every field and refuses unknown ones.
 *
 * @param id the lower-case hex SHA-256 of the canonical JSON
 * @param version the contract format version (1)
 * @param collaborationId the collaboration this contract governs
 * @param members the member organisations
 * @param datasets the datasets, each with its rule
 * @param allowedEnclaves the enclave reference values keys may be released to
 * @param resultRecipients the organisations that receive results
 */
public record Contract(
    String id,
    int version,
    String collaborationId,
    List<Member> members,
    List<DatasetSpec> datasets,
    List<EnclaveReference> allowedEnclaves,
    List<String> resultRecipients) {

  public Contract {
    members = List.copyOf(members);
    datasets = List.copyOf(datasets);
    allowedEnclaves = List.copyOf(allowedEnclaves);
    resultRecipients = List.copyOf(resultRecipients);
  }

  /** The dataset with this SQL name. */
  public Optional<DatasetSpec> dataset(String id) {
    return datasets.stream().filter(d -> d.id().equals(id)).findFirst();
  }
}
