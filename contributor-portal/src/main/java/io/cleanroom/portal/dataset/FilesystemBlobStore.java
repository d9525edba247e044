package io.cleanroom.portal.dataset;

import io.cleanroom.crypto.dataset.ByteSource;
import io.cleanroom.crypto.json.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Sealed files in a directory ({@code portal.blobs.dir}), each {@code <2 hex>/<sha256>.sealed};
 * staged uploads are {@code incoming/*.part} files there.
 */
public final class FilesystemBlobStore implements BlobStore {

  private final Path dir;

  public FilesystemBlobStore(Path dir) {
    this.dir = dir;
  }

  @Override
  public Staged stage(InputStream in, long maxBytes) throws IOException {
    Path tmp = newIncoming();
    MessageDigest sha = HashingCopy.sha256();
    long size;
    try (OutputStream out = Files.newOutputStream(tmp)) {
      size = HashingCopy.copy(in, out, sha, maxBytes);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return new Staged(tmp.toString(), Digests.hex(sha.digest()), size);
  }

  @Override
  public Staged adopt(Path file, String sha256, long size) throws IOException {
    Path tmp = newIncoming();
    Files.move(file, tmp, StandardCopyOption.REPLACE_EXISTING);
    return new Staged(tmp.toString(), sha256, size);
  }

  @Override
  public ByteSource read(Staged staged) throws IOException {
    return ByteSource.of(Path.of(staged.ref()));
  }

  @Override
  public void keep(Staged staged) {
    try {
      Path target = path(staged.sha256());
      Files.createDirectories(target.getParent());
      Files.move(Path.of(staged.ref()), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void discard(Staged staged) {
    try {
      Files.deleteIfExists(Path.of(staged.ref()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<InputStream> open(String sha256) throws IOException {
    if (!BlobStore.isDigest(sha256)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.newInputStream(path(sha256)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private Path path(String sha256) {
    return dir.resolve(sha256.substring(0, 2)).resolve(sha256 + ".sealed");
  }

  private Path newIncoming() throws IOException {
    Files.createDirectories(dir.resolve("incoming"));
    return Files.createTempFile(dir.resolve("incoming"), "upload", ".part");
  }
}
