package io.cleanroom.portal.dataset;

import io.cleanroom.testing.services.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The packaged portal ({@code target/quarkus-app/quarkus-run.jar}) as a process of its own, with
 * its embedded default database (an H2 file) and filesystem blobs in {@code dataDir}, on a port
 * chosen beforehand (so that a restart answers at the same address), and the JVM options given (a
 * small heap). Its log is {@code portal.log} there, appended across restarts.
 */
final class PortalProcess implements AutoCloseable {

  private final ServiceProcess process;

  private PortalProcess(ServiceProcess process) {
    this.process = process;
  }

  /** Starts the portal and waits until it is ready. */
  static PortalProcess start(URI oidcIssuer, Path dataDir, int port, List<String> jvmOptions) {
    return new PortalProcess(
        ServiceProcess.start(
            "portal",
            "portal.runner",
            "target/quarkus-app/quarkus-run.jar",
            Map.of(
                "PORTAL_DATA_DIR", dataDir.toString(),
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_OIDC_AUTH_SERVER_URL", oidcIssuer.toString()),
            dataDir,
            jvmOptions.toArray(String[]::new)));
  }

  /** A free port. */
  static int freePort() throws IOException {
    return ServiceProcess.freePort();
  }

  URI url() {
    return process.url();
  }

  /** The process's peak resident memory (VmHWM) in MiB; -1 where there is none. */
  long peakResidentMib() {
    return process.peakResidentMib();
  }

  /** Whether its log says it ran out of heap. */
  boolean ranOutOfMemory() throws IOException {
    return process.logContains("OutOfMemoryError");
  }

  @Override
  public void close() {
    process.close();
  }
}
