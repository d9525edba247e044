package io.cleanroom.broker.contract;

import io.cleanroom.attestation.policy.AllowedEnclaves;
import io.cleanroom.broker.api.BrokerException;
import io.cleanroom.broker.api.ErrorCode;
import io.cleanroom.query.QueryException;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.query.contract.EnclaveReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contracts this broker knows: registered by a party, stored under their hash, parsed and
 * validated with the query engine's contract parser (the same one the enclave uses).
 */
@ApplicationScoped
public class Contracts {

  @Inject Clock clock;

  private final Map<String, Contract> parsed = new ConcurrentHashMap<>();

  /** Validates and stores a contract (idempotent); returns it parsed. */
  @Transactional
  public Contract register(byte[] json, String actor) {
    Contract c = parse(json);
    ContractRecord r = ContractRecord.findById(c.id());
    if (r == null) {
      r = new ContractRecord();
      r.contractHash = c.id();
      r.collaborationId = c.collaborationId();
      r.contractJson = new String(json, StandardCharsets.UTF_8);
      r.registeredBy = actor;
      r.registeredAt = clock.instant();
      r.persist();
    }
    parsed.put(c.id(), c);
    return c;
  }

  /** The contract with this hash, if registered. */
  @Transactional
  public Optional<Contract> find(String hash) {
    Contract c = parsed.get(hash);
    if (c != null) {
      return Optional.of(c);
    }
    ContractRecord r = ContractRecord.findById(hash);
    if (r == null) {
      return Optional.empty();
    }
    c = ContractParser.parse(r.contractJson);
    if (!c.id().equals(hash)) {
      throw new IllegalStateException("stored contract " + hash + " hashes to " + c.id());
    }
    parsed.put(hash, c);
    return Optional.of(c);
  }

  /** The contract or {@link ErrorCode#CONTRACT_UNKNOWN}. */
  public Contract require(String hash) {
    return find(hash)
        .orElseThrow(() -> new BrokerException(ErrorCode.CONTRACT_UNKNOWN, "no contract " + hash));
  }

  /** The hashes of the registered contracts in which {@code org} owns a dataset or is a member. */
  @Transactional
  public Set<String> withParty(String org) {
    Set<String> out = new HashSet<>();
    List<String> hashes =
        ContractRecord.getEntityManager()
            .createQuery("select contractHash from ContractRecord", String.class)
            .getResultList();
    for (String hash : hashes) {
      Contract c = find(hash).orElseThrow();
      if (c.members().stream().anyMatch(m -> m.org().equals(org))
          || c.datasets().stream().anyMatch(d -> d.owner().equals(org))) {
        out.add(hash);
      }
    }
    return out;
  }

  /** The stored JSON, as registered. */
  @Transactional
  public Optional<String> json(String hash) {
    return Optional.ofNullable(ContractRecord.<ContractRecord>findById(hash))
        .map(r -> r.contractJson);
  }

  public static Contract parse(byte[] json) {
    Contract c;
    try {
      c = ContractParser.parse(json);
    } catch (QueryException e) {
      throw new BrokerException(ErrorCode.CONTRACT_INVALID, e.getMessage());
    }
    if (c.allowedEnclaves().isEmpty()) {
      throw new BrokerException(
          ErrorCode.CONTRACT_INVALID, "the contract allows no enclave: no key could be released");
    }
    for (EnclaveReference ref : c.allowedEnclaves()) {
      try {
        AllowedEnclaves.referenceValues(ref.tee(), ref.values());
      } catch (IllegalArgumentException e) {
        throw new BrokerException(ErrorCode.CONTRACT_INVALID, e.getMessage());
      }
    }
    return c;
  }
}
