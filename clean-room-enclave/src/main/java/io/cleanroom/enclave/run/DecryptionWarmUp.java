package io.cleanroom.enclave.run;

import io.cleanroom.crypto.dataset.CryptoWarmUp;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Warms the AES-GCM decryption path up at start, on a thread of its own: without it the first runs
 * of a fresh enclave decrypt at Java speed (a 100 MB file took 0.9 s to open, and 0.7 s six times
 * more, before the JIT compiled the intrinsics; after this warm-up 0.16 s, then 0.05–0.08 s:
 * docs/benchmarks.md#sealed-inputs). It uses a throwaway key and random bytes.
 */
@Startup
@ApplicationScoped
public class DecryptionWarmUp {

  private static final Logger LOG = Logger.getLogger(DecryptionWarmUp.class);

  @PostConstruct
  void start() {
    Thread.ofPlatform()
        .daemon(true)
        .name("enclave-decryption-warm-up")
        .start(() -> LOG.infof("AES-GCM warm-up took %d ms", CryptoWarmUp.run(5_000)));
  }
}
