package io.cleanroom.attestation.collect;

import java.nio.file.Path;
import java.util.function.Supplier;

/** Chooses the collector for this machine: configfs-tsm on SNP/TDX guests, else a fallback. */
public final class Collectors {

  private Collectors() {}

  /** configfs-tsm at its default place when present, otherwise the fallback (the simulator). */
  public static Collector detect(Supplier<Collector> fallback) {
    return detect(ConfigfsTsmCollector.DEFAULT_ROOT, fallback);
  }

  /** configfs-tsm at {@code tsmRoot} when present, otherwise the fallback. */
  public static Collector detect(Path tsmRoot, Supplier<Collector> fallback) {
    return ConfigfsTsmCollector.available(tsmRoot)
        ? new ConfigfsTsmCollector(tsmRoot)
        : fallback.get();
  }
}
