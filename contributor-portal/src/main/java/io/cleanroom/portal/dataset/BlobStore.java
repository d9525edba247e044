package io.cleanroom.portal.dataset;

import io.cleanroom.crypto.dataset.ByteSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where sealed files are kept, each under the SHA-256 of its bytes: the filesystem ({@link
 * FilesystemBlobStore}, the default) or an S3-compatible bucket ({@link S3BlobStore}), chosen by
 * {@code portal.blobs.kind}. An upload is first <em>staged</em> (streamed to a temporary blob while
 * hashed, constant memory whatever its size), then checked through {@link #read}, then either kept
 * under its digest or discarded.
 *
 * <p><b>Security:</b> only ciphertext is ever stored; the portal never holds a data key. A staged
 * blob is never served: only {@link #keep} makes it reachable by its digest.
 */
public interface BlobStore {

  /** An upload in temporary storage, with its digest and size; {@code ref} is the store's own. */
  record Staged(String ref, String sha256, long size) {}

  /**
   * Streams {@code in} to a temporary blob, hashing it on the way; refused (and nothing left) past
   * {@code maxBytes} or on a read error.
   */
  Staged stage(InputStream in, long maxBytes) throws IOException;

  /**
   * Stages a local file whose digest and size are already known (a completed resumable upload); the
   * file is moved or copied away and is gone afterwards.
   */
  Staged adopt(Path file, String sha256, long size) throws IOException;

  /** A staged blob's bytes for the structural check (random access; the caller closes it). */
  ByteSource read(Staged staged) throws IOException;

  /** Keeps a staged blob under its digest (an identical blob already there is kept). */
  void keep(Staged staged);

  /** Drops a staged blob. */
  void discard(Staged staged);

  /** A kept blob's bytes, streamed; empty if there is none (or {@code sha256} is no digest). */
  Optional<InputStream> open(String sha256) throws IOException;

  /** Whether {@code sha256} is a lowercase hex SHA-256 (anything else names no blob). */
  static boolean isDigest(String sha256) {
    return sha256 != null && sha256.matches("[0-9a-f]{64}");
  }
}
