package io.cleanroom.broker.release;

import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.broker.BrokerConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Verifies evidence with the attestation module, trusting the vendor roots it pins and, only when
 * configured, the simulated TEE's root.
 */
@ApplicationScoped
public class AttestationGate {

  private static final Logger LOG = Logger.getLogger(AttestationGate.class);

  @Inject BrokerConfig config;

  private Verifiers verifiers;
  private boolean simulationTrusted;

  @PostConstruct
  void init() {
    TrustConfig trust = TrustConfig.defaults().withNetwork(config.attestation().network());
    if (config.attestation().certCacheDir().isPresent()) {
      trust = trust.withCertCacheDir(config.attestation().certCacheDir().get());
    }
    if (config.attestation().simulatedRoot().isPresent()) {
      Path root = config.attestation().simulatedRoot().get();
      trust = trust.withSimulatedRootFile(root);
      simulationTrusted = true;
      LOG.warnf(
          "Trusting the SIMULATED TEE root %s: releases to simulated enclaves are NOT"
              + " confidential. Never configure this in production.",
          root);
    }
    verifiers = new Verifiers(trust);
  }

  /** Verifies the evidence at {@code now}; never throws on bad evidence. */
  public VerificationResult verify(Evidence evidence, Instant now) {
    return verifiers.verify(evidence, now);
  }

  /** Whether simulated evidence can verify at this broker. */
  public boolean simulationTrusted() {
    return simulationTrusted;
  }
}
