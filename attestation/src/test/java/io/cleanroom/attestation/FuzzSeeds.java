package io.cleanroom.attestation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes fuzz seeds, made from the shared genuine samples, where Jazzer looks for a fuzz test's
 * inputs: the resource directory {@code <TestClass>Inputs/<method>/} next to the compiled test
 * class. Regression runs replay every seed; fuzzing runs start from them. The seeds live in the
 * build output only: the samples are read in place and never copied into the repository.
 */
public final class FuzzSeeds {

  private FuzzSeeds() {}

  /** Writes {@code seeds} (file name to bytes) for {@code method} of {@code test}. */
  public static void write(Class<?> test, String method, Map<String, byte[]> seeds) {
    try {
      Path classDir =
          Path.of(test.getResource(test.getSimpleName() + ".class").toURI()).getParent();
      Path dir = classDir.resolve(test.getSimpleName() + "Inputs").resolve(method);
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> s : seeds.entrySet()) {
        Files.write(dir.resolve("seed-" + s.getKey()), s.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Prefixes {@code data} with a selector byte, for fuzz tests that drive several parsers. */
  public static byte[] selected(int selector, byte[] data) {
    byte[] out = new byte[data.length + 1];
    out[0] = (byte) selector;
    System.arraycopy(data, 0, out, 1, data.length);
    return out;
  }
}
