package io.cleanroom.portal.dataset;

import io.cleanroom.crypto.json.Digests;
import io.cleanroom.portal.api.ErrorCode;
import io.cleanroom.portal.api.PortalException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Resumable uploads (modelled on tus.io's core protocol): an upload is opened, its bytes arrive in
 * chunks at the offset where the last one ended, and once whole it is completed through the same
 * check as a one-shot PUT ({@link Datasets#accept}). The state is a database row; the partial bytes
 * are a local file ({@code portal.uploads.dir}/{@code <id>.part}), whatever the blob store. The
 * SHA-256 is computed as the bytes arrive; a restarted portal re-hashes a partial file once, at its
 * next chunk. A chunk that fails half-way (a dropped connection, one too large) is cut off again,
 * so the upload stays at its old offset. Unfinished uploads expire ({@code portal.uploads.expiry}
 * after their last chunk) and are swept.
 *
 * <p><b>Security:</b> an upload is reachable only by the organization, collaboration and dataset
 * that opened it; to anyone else it does not exist. Partial files are ciphertext, never served.
 */
@ApplicationScoped
public class Uploads {

  private static final Logger LOG = Logger.getLogger(Uploads.class);

  @Inject Datasets datasets;
  @Inject BlobStore blobs;

  @ConfigProperty(name = "portal.uploads.dir")
  Path dir;

  @ConfigProperty(name = "portal.uploads.expiry")
  Duration expiry;

  @ConfigProperty(name = "portal.uploads.max-chunk-bytes")
  long maxChunkBytes;

  @ConfigProperty(name = "portal.uploads.max-bytes")
  long maxBytes;

  /** Per upload in this process: one writer at a time, and the running hash at an offset. */
  private final ConcurrentHashMap<String, Progress> progress = new ConcurrentHashMap<>();

  /** The largest chunk one PATCH may carry. */
  public long maxChunkBytes() {
    return maxChunkBytes;
  }

  /** Opens an upload of {@code datasetId} by {@code org}; {@code size} is the announced total. */
  public UploadRecord open(
      String collaborationId, String datasetId, String org, String by, Long size) {
    if (size != null && size < 0) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "size must not be negative");
    }
    if (size != null && size > maxBytes) {
      throw new PortalException(
          ErrorCode.UPLOAD_TOO_LARGE, "an upload holds at most " + maxBytes + " bytes");
    }
    UploadRecord u = new UploadRecord();
    u.id = UUID.randomUUID().toString();
    u.collaborationId = collaborationId;
    u.datasetId = datasetId;
    u.ownerOrg = org;
    u.openedBy = by;
    u.declaredSize = size;
    u.openedAt = Instant.now();
    u.expiresAt = u.openedAt.plus(expiry);
    try {
      Files.createDirectories(dir);
      Files.createFile(partial(u.id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    QuarkusTransaction.requiringNew().run(u::persist);
    return u;
  }

  /** The upload, if {@code org} opened it for this collaboration and dataset and it is live. */
  public UploadRecord require(
      String collaborationId, String datasetId, String org, String uploadId) {
    UploadRecord u = QuarkusTransaction.requiringNew().call(() -> UploadRecord.findById(uploadId));
    if (u == null
        || !u.collaborationId.equals(collaborationId)
        || !u.datasetId.equals(datasetId)
        || !u.ownerOrg.equals(org)
        || u.expiresAt.isBefore(Instant.now())) {
      throw new PortalException(ErrorCode.NOT_FOUND, "no upload " + uploadId);
    }
    return u;
  }

  /**
   * Appends {@code body} at {@code offset}; {@code contentLength} (if the request gave one) lets an
   * oversized chunk be refused before any byte is read.
   */
  public UploadRecord append(
      UploadRecord upload, long offset, InputStream body, OptionalLong contentLength) {
    Progress p = progress.computeIfAbsent(upload.id, k -> new Progress());
    if (!p.tryLock()) {
      throw new OffsetMismatchException(upload.receivedBytes);
    }
    try {
      UploadRecord u = reload(upload);
      if (offset != u.receivedBytes) {
        throw new OffsetMismatchException(u.receivedBytes);
      }
      long room = (u.declaredSize != null ? u.declaredSize : maxBytes) - offset;
      long limit = Math.min(maxChunkBytes, room);
      if (contentLength.isPresent() && contentLength.getAsLong() > limit) {
        throw tooLarge(limit, room);
      }
      long n = p.write(partial(u.id), offset, body, limit, room);
      long end = offset + n;
      Instant expires = Instant.now().plus(expiry);
      QuarkusTransaction.requiringNew()
          .run(
              () ->
                  UploadRecord.update(
                      "receivedBytes = ?1, expiresAt = ?2 where id = ?3", end, expires, u.id));
      u.receivedBytes = end;
      u.expiresAt = expires;
      return u;
    } finally {
      p.unlock();
    }
  }

  /**
   * Completes an upload: the whole file goes through {@link Datasets#accept}, exactly as a PUT's
   * does. The upload is gone afterwards, whether the file was accepted or refused.
   */
  public DatasetRecord complete(UploadRecord upload, String by) {
    Progress p = progress.computeIfAbsent(upload.id, k -> new Progress());
    if (!p.tryLock()) {
      throw new PortalException(ErrorCode.CONFLICT, "a chunk of this upload is being written");
    }
    BlobStore.Staged staged;
    try {
      UploadRecord u = reload(upload);
      Path file = partial(u.id);
      if (u.declaredSize != null && u.declaredSize != u.receivedBytes) {
        throw new PortalException(
            ErrorCode.DATASET_INVALID,
            "the upload has " + u.receivedBytes + " of its " + u.declaredSize + " bytes");
      }
      String sha256 = Digests.hex(p.hashAt(file, u.receivedBytes).digest());
      staged = blobs.adopt(file, sha256, u.receivedBytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      // Completed, refused or failed: the upload ends here (its row, its partial file).
      forget(upload);
      p.unlock();
    }
    return datasets.accept(upload.collaborationId, upload.datasetId, staged, by, upload.ownerOrg);
  }

  /** Abandons an upload: its row and its bytes go. */
  public void abandon(UploadRecord upload) {
    Progress p = progress.computeIfAbsent(upload.id, k -> new Progress());
    if (!p.tryLock()) {
      throw new PortalException(ErrorCode.CONFLICT, "a chunk of this upload is being written");
    }
    try {
      forget(upload);
    } finally {
      p.unlock();
    }
  }

  @Scheduled(
      every = "${portal.uploads.sweep-interval:10m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweepExpired() {
    sweep();
  }

  /**
   * Deletes expired uploads and their partial files (not one whose chunk is being written); returns
   * how many.
   */
  public int sweep() {
    List<UploadRecord> expired =
        QuarkusTransaction.requiringNew()
            .call(() -> UploadRecord.list("expiresAt < ?1", Instant.now()));
    int swept = 0;
    for (UploadRecord u : expired) {
      Progress p = progress.computeIfAbsent(u.id, k -> new Progress());
      if (p.tryLock()) {
        try {
          forget(u);
          swept++;
        } finally {
          p.unlock();
        }
      }
    }
    if (swept > 0) {
      LOG.infof("swept %d expired uploads", swept);
    }
    return swept;
  }

  /** Drops what this process remembers of uploads, as a restart does (the tests' restart). */
  public void forgetProgress() {
    progress.clear();
  }

  private void forget(UploadRecord u) {
    QuarkusTransaction.requiringNew().run(() -> UploadRecord.deleteById(u.id));
    progress.remove(u.id);
    deletePartial(u.id);
  }

  private UploadRecord reload(UploadRecord u) {
    return require(u.collaborationId, u.datasetId, u.ownerOrg, u.id);
  }

  private PortalException tooLarge(long limit, long room) {
    return new PortalException(
        ErrorCode.UPLOAD_TOO_LARGE,
        limit == room
            ? "the chunk goes past the upload's size (" + room + " bytes are left)"
            : "a chunk holds at most " + maxChunkBytes + " bytes");
  }

  private Path partial(String uploadId) {
    return dir.resolve(uploadId + ".part");
  }

  private void deletePartial(String uploadId) {
    try {
      Files.deleteIfExists(partial(uploadId));
    } catch (IOException e) {
      LOG.warnf("cannot delete the partial file of upload %s: %s", uploadId, e.getMessage());
    }
  }

  /** One upload's writer lock and running hash. */
  private final class Progress {
    private final ReentrantLock lock = new ReentrantLock();
    private MessageDigest sha;
    private long hashed = -1;

    boolean tryLock() {
      return lock.tryLock();
    }

    void unlock() {
      lock.unlock();
    }

    /** The hash of the first {@code offset} bytes (re-read once after a restart). */
    MessageDigest hashAt(Path file, long offset) throws IOException {
      if (sha != null && hashed == offset) {
        return sha;
      }
      MessageDigest fresh = HashingCopy.sha256();
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        if (ch.size() < offset) {
          throw new PortalException(
              ErrorCode.CONFLICT,
              "the partial file lost bytes; abandon the upload and start again");
        }
        ch.truncate(offset);
      }
      try (InputStream in = Files.newInputStream(file)) {
        HashingCopy.copy(in, OutputStream.nullOutputStream(), fresh, offset);
      }
      sha = fresh;
      hashed = offset;
      return sha;
    }

    /** Writes a chunk at {@code offset}; on any failure cuts the file back and keeps the hash. */
    long write(Path file, long offset, InputStream body, long limit, long room) {
      MessageDigest running;
      MessageDigest before;
      try {
        running = hashAt(file, offset);
        before = (MessageDigest) running.clone();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException(e);
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.position(offset);
        long n = HashingCopy.copy(body, Channels.newOutputStream(ch), running, limit);
        ch.force(false);
        hashed = offset + n;
        return n;
      } catch (IOException | RuntimeException e) {
        sha = before;
        hashed = offset;
        cutBack(file, offset);
        if (e instanceof HashingCopy.TooLarge) {
          throw tooLarge(limit, room);
        }
        if (e instanceof PortalException pe) {
          throw pe;
        }
        throw new PortalException(
            ErrorCode.MALFORMED_REQUEST, "the chunk broke off: " + e.getMessage());
      }
    }

    private void cutBack(Path file, long offset) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(offset);
      } catch (IOException e) {
        LOG.warnf("cannot cut back partial file %s: %s", file.getFileName(), e.getMessage());
      }
    }
  }
}
