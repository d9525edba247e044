package io.cleanroom.portal.dataset;

import io.cleanroom.crypto.json.Digests;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sealed files on the filesystem ({@code portal.blobs.dir}), each named by the SHA-256 of its
 * bytes. An upload is streamed to a temporary file while it is hashed (constant memory whatever its
 * size), then either kept under its digest or deleted.
 *
 * <p><b>Security:</b> only ciphertext is ever stored; the portal never holds a data key.
 */
@ApplicationScoped
public class BlobStore {

  private final Path dir;

  BlobStore(@ConfigProperty(name = "portal.blobs.dir") Path dir) {
    this.dir = dir;
  }

  /** An upload received into a temporary file, with its digest and size. */
  public record Staged(Path file, String sha256, long size) {}

  /** Streams {@code in} to a temporary file, hashing it on the way. */
  public Staged stage(InputStream in, long maxBytes) throws IOException {
    Files.createDirectories(dir.resolve("incoming"));
    Path tmp = Files.createTempFile(dir.resolve("incoming"), "upload", ".part");
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long size = 0;
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        size += n;
        if (size > maxBytes) {
          throw new IOException("the upload is larger than " + maxBytes + " bytes");
        }
        out.write(buf, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return new Staged(tmp, Digests.hex(sha.digest()), size);
  }

  /** Keeps a staged upload under its digest (an identical blob already there is kept). */
  public Path keep(Staged staged) {
    try {
      Path target = path(staged.sha256()).orElseThrow();
      Files.createDirectories(target.getParent());
      Files.move(staged.file(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops a staged upload. */
  public void discard(Staged staged) {
    try {
      Files.deleteIfExists(staged.file());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the blob of {@code sha256} lives; empty for anything that is not a digest. */
  public Optional<Path> path(String sha256) {
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      return Optional.empty();
    }
    return Optional.of(dir.resolve(sha256.substring(0, 2)).resolve(sha256 + ".sealed"));
  }
}
