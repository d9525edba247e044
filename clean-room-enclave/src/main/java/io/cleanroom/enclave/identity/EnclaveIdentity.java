package io.cleanroom.enclave.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.collect.Collector;
import io.cleanroom.attestation.collect.ConfigfsTsmCollector;
import io.cleanroom.attestation.collect.SimulatedCollector;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.crypto.hpke.EnclaveKeyPair;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.EnclaveIdentityBinding;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.cleanroom.enclave.config.EnclaveConfig;
import io.cleanroom.enclave.run.EnclaveException;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Who this enclave is: an X25519 HPKE key pair (dataset keys are sealed to it) and an Ed25519
 * receipt signing key, both generated in memory at start, and evidence from this TEE whose
 * REPORT_DATA binds both public keys ({@link EnclaveIdentityBinding}).
 *
 * <p>Evidence comes from configfs-tsm when the kernel offers it (SEV-SNP and TDX guests). Without
 * it the enclave uses the simulated TEE only if {@code enclave.simulation.enabled=true}, and then
 * {@link #simulated()} is true and every response and receipt says SIMULATED — NOT CONFIDENTIAL;
 * otherwise it refuses to start ({@code NO_TEE}).
 *
 * <p><b>Security:</b> the private keys never leave this object's two key holders, are never written
 * anywhere, and are wiped when the application stops.
 */
@Startup
@ApplicationScoped
public class EnclaveIdentity {

  /** The notice every simulated response and receipt carries. */
  public static final String SIMULATED_NOTICE =
      "SIMULATED — NOT CONFIDENTIAL: no TEE hardware protects this enclave's keys or data";

  private static final Logger LOG = Logger.getLogger(EnclaveIdentity.class);

  @Inject EnclaveConfig config;

  private EnclaveKeyPair hpke;
  private ReceiptSigningKey signing;
  private Collector collector;
  private Optional<SimulatedTee> simulator = Optional.empty();
  private JsonNode evidence;
  private String tee;

  @PostConstruct
  void start() {
    collector = chooseCollector();
    hpke = EnclaveKeyPair.generate();
    signing = ReceiptSigningKey.generate();
    Evidence e =
        collector.collect(EnclaveIdentityBinding.reportData(hpke.publicKey(), signing.publicKey()));
    tee = e.tee().id();
    evidence = CanonicalJson.parse(EvidenceJson.write(e));
    if (simulated()) {
      LOG.warn(SIMULATED_NOTICE);
    }
    LOG.infof(
        "enclave identity: tee %s (%s), HPKE key %s, signing key %s",
        tee, collector.name(), hpke.publicKey().toBase64Url(), signing.publicKeyBase64Url());
  }

  private Collector chooseCollector() {
    if (ConfigfsTsmCollector.available(config.tsmRoot())) {
      return new ConfigfsTsmCollector(config.tsmRoot());
    }
    if (!config.simulation().enabled()) {
      throw new EnclaveException(
          EnclaveException.Code.NO_TEE,
          "no TEE: configfs-tsm is not at "
              + config.tsmRoot()
              + " and the simulator is off (enclave.simulation.enabled=false)");
    }
    SimulatedTee sim =
        config.simulation().dir().map(SimulatedTee::loadOrCreate).orElseGet(SimulatedTee::generate);
    simulator = Optional.of(sim);
    byte[] mr;
    try {
      mr = HexFormat.of().parseHex(config.simulation().measurement());
    } catch (IllegalArgumentException e) {
      mr = new byte[0];
    }
    if (mr.length != 48) {
      throw new EnclaveException(
          EnclaveException.Code.NO_TEE, "enclave.simulation.measurement must be 48 bytes in hex");
    }
    return new SimulatedCollector(sim, mr);
  }

  @PreDestroy
  void stop() {
    hpke.close();
    signing.close();
  }

  /** Whether this enclave runs on the simulator (not confidential). */
  public boolean simulated() {
    return simulator.isPresent();
  }

  /** The TEE type id of the evidence ({@code snp}, {@code tdx}, {@code sim}). */
  public String tee() {
    return tee;
  }

  /** The evidence source ({@code configfs-tsm}, {@code simulated}). */
  public Collector collector() {
    return collector;
  }

  /** The HPKE key pair dataset keys are released to. */
  public EnclaveKeyPair hpke() {
    return hpke;
  }

  /** The receipt signing key. */
  public ReceiptSigningKey signing() {
    return signing;
  }

  /** The start-time evidence (its JSON container), binding both public keys. */
  public JsonNode evidence() {
    return evidence.deepCopy();
  }

  /**
   * Fresh evidence binding both public keys and a verifier's {@code nonce} (its JSON container).
   */
  public JsonNode freshEvidence(String nonce) {
    Evidence e =
        collector.collect(
            EnclaveIdentityBinding.reportData(hpke.publicKey(), signing.publicKey(), nonce));
    return CanonicalJson.parse(EvidenceJson.write(e));
  }

  /** The document whose SHA-512 is the evidence's REPORT_DATA. */
  public ObjectNode identityBinding() {
    return EnclaveIdentityBinding.document(hpke.publicKey(), signing.publicKey());
  }

  /**
   * The enclave's own check of its evidence and the claims it read: with the simulator's root when
   * simulated; with the vendors' roots and no network otherwise (SEV-SNP evidence without its VCEK
   * then shows as unverified here; the key brokers verify it with their own configuration).
   */
  public Map<String, Object> selfCheck() {
    TrustConfig trust = TrustConfig.defaults();
    if (simulator.isPresent()) {
      trust = trust.withSimulatedRoot(simulator.get().rootCertificate());
    }
    VerificationResult r = new Verifiers(trust).verify(EvidenceJson.read(evidence), Instant.now());
    return r.toJson();
  }
}
