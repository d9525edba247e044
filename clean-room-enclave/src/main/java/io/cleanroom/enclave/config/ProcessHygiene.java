package io.cleanroom.enclave.config;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps the JVM from writing the enclave's memory where it could outlive the run: a heap dump on
 * {@link OutOfMemoryError} would put plaintext rows and data keys in a file. At start this turns
 * the dump off (the flag is writable at run time) and says whether tools may still attach to the
 * process to ask for one ({@code -XX:+DisableAttachMechanism} forbids it; {@code
 * scripts/services.sh} starts the enclave with it).
 *
 * <p><b>Security:</b> inside a confidential VM the host cannot read the guest's memory, but a dump
 * file lands on the guest's disk and in its backups; the guest's own tools are the risk this
 * closes.
 */
@Startup
@ApplicationScoped
public class ProcessHygiene {

  private static final Logger LOG = Logger.getLogger(ProcessHygiene.class);

  static final String HEAP_DUMP = "HeapDumpOnOutOfMemoryError";
  static final String NO_ATTACH = "DisableAttachMechanism";

  @PostConstruct
  void start() {
    for (String change : apply()) {
      LOG.info(change);
    }
    if (!flag(NO_ATTACH)) {
      LOG.warn(
          "diagnostic tools may attach to this process and ask for a heap dump;"
              + " start the enclave with -XX:+DisableAttachMechanism");
    }
  }

  /** Turns heap dumps off; answers what it changed. */
  static List<String> apply() {
    List<String> changed = new ArrayList<>();
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    if (flag(HEAP_DUMP)) {
      vm.setVMOption(HEAP_DUMP, "false");
      changed.add("heap dumps on OutOfMemoryError turned off: they would write plaintext to disk");
    }
    return changed;
  }

  static boolean flag(String name) {
    VMOption o =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name);
    return Boolean.parseBoolean(o.getValue());
  }
}
