package io.cleanroom.broker.release;

import static io.cleanroom.broker.release.EnclaveDriver.attest;
import static io.cleanroom.broker.release.EnclaveDriver.challenge;
import static io.cleanroom.broker.release.ReleaseProtocolTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.broker.SimulatedTeeResource;
import io.cleanroom.broker.TestContracts;
import io.cleanroom.broker.approval.ApprovalRecord.Decision;
import io.cleanroom.broker.approval.ApprovalRecord.Kind;
import io.cleanroom.broker.approval.Approvals;
import io.cleanroom.broker.contract.Contracts;
import io.cleanroom.broker.custody.KeyCustody;
import io.cleanroom.broker.log.ReleaseLog;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.query.contract.Contract;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A broker that is not configured with the simulator's root (the production default) refuses
 * simulated evidence, even for a contract that names a simulated enclave and with every approval in
 * place.
 */
@QuarkusTest
class SimulationNotTrustedTest {

  @Inject Contracts contracts;
  @Inject KeyCustody custody;
  @Inject Approvals approvals;
  @Inject ReleaseLog log;

  @Test
  void simulatedEvidenceIsRefusedWhenTheSimulatorIsNotTrusted() {
    Contract c = contracts.register(TestContracts.hospitalBank(), "test");
    try (DatasetKey k = DatasetKey.generate()) {
      custody.deposit("hospital", "visits", k, "hospital-owner");
    }
    String fp = ReleaseProtocolTest.fingerprint();
    for (Kind kind : Kind.values()) {
      approvals.decide(
          c,
          new Approvals.Request(
              kind,
              c.id(),
              kind == Kind.QUERY ? Optional.of(fp) : Optional.empty(),
              Decision.APPROVED,
              Optional.empty()),
          "hospital",
          "hospital-owner",
          "jwt:test");
    }
    EnclaveDriver enclave =
        new EnclaveDriver(SimulatedTeeResource.tee(), ReleaseProtocolTest.MEASUREMENT);
    EnclaveDriver.Challenge ch = challenge("sim");
    ObjectNode rd = enclave.runtimeData(ch.nonce(), c.id(), fp, List.of("visits"));

    refused(attest(ch.sessionId(), enclave.evidence(rd), rd), 403, "SIMULATION_NOT_TRUSTED");
    assertThat(log.query("hospital", c.id(), 10))
        .anySatisfy(
            e -> {
              assertThat(e.sessionId).isEqualTo(ch.sessionId());
              assertThat(e.errorCode).isEqualTo("SIMULATION_NOT_TRUSTED");
              assertThat(e.simulated).isTrue();
            });
  }
}
