package io.cleanroom.broker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The key broker's own settings (prefix {@code broker}); docs/key-broker.md lists them with their
 * defaults.
 */
@ConfigMapping(prefix = "broker")
public interface BrokerConfig {

  /** The directory of the embedded defaults (the H2 database, the master key file). */
  @WithDefault("${user.home}/.cleanroom/key-broker")
  Path dataDir();

  /** Where the master key is kept. */
  MasterKeyConfig masterKey();

  /** The release protocol. */
  ReleaseConfig release();

  /** Which attestation evidence is trusted. */
  AttestationConfig attestation();

  /** Master key settings. */
  interface MasterKeyConfig {

    /** {@code file} (the embedded default) or {@code pkcs11}. */
    @WithDefault("file")
    String backend();

    /**
     * The current master key file (32 random bytes, created on first start with permissions 0600).
     */
    @WithDefault("${user.home}/.cleanroom/key-broker/master.key")
    Path file();

    /** Earlier master key files, still read during a rotation (docs/key-broker.md). */
    Optional<List<Path>> previousFiles();

    /** PKCS#11 settings, used when {@code backend = pkcs11}. */
    Pkcs11Config pkcs11();
  }

  /** PKCS#11 token settings (e.g. SoftHSM2, or a bank's HSM). */
  interface Pkcs11Config {

    /** The PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}. */
    Optional<Path> library();

    /** The token's slot by index in the slot list. */
    @WithDefault("0")
    int slotListIndex();

    /** The user PIN (set it from the environment, never in a file that is checked in). */
    Optional<String> pin();

    /** The label of the AES-256 key in the token. */
    @WithDefault("cleanroom-master-key")
    String keyLabel();

    /** Labels of earlier master keys in the token, still read during a rotation. */
    Optional<List<String>> previousKeyLabels();

    /** Whether to generate the key in the token when it is missing. */
    @WithDefault("false")
    boolean createIfMissing();
  }

  /** Release protocol settings. */
  interface ReleaseConfig {

    /** How long a challenge's nonce may be answered. */
    @WithDefault("PT60S")
    Duration sessionTtl();
  }

  /** Attestation trust settings. */
  interface AttestationConfig {

    /**
     * The simulated TEE's root certificate (PEM or DER). Only when it is set does simulated
     * evidence verify; every release to it is logged as simulated. Never set it in production.
     */
    Optional<Path> simulatedRoot();

    /** A directory of VCEK/ASK certificates to use as candidates (no network fetches). */
    Optional<Path> certCacheDir();

    /** Whether the verifiers may fetch certificates and collateral from AMD KDS / Intel PCS. */
    @WithDefault("false")
    boolean network();
  }
}
