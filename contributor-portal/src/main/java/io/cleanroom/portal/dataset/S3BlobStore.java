package io.cleanroom.portal.dataset;

import io.cleanroom.crypto.dataset.ByteSource;
import io.cleanroom.crypto.json.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Sealed files in an S3-compatible bucket: kept blobs are {@code blobs/<sha256>.sealed}, staged
 * uploads {@code incoming/<random>.part}. An upload is streamed with S3 multipart upload, one part
 * ({@code portal.blobs.s3.part-size}, 8 MiB by default) in memory at a time, hashed on the way; a
 * file smaller than one part is a single PUT. Keeping a blob is a server-side copy (multipart copy
 * above 5 GiB), so its bytes never pass through the portal again. The structural check reads the
 * staged blob with ranged GETs (the prefix, header and tag only).
 */
public final class S3BlobStore implements BlobStore {

  /** The largest object a single CopyObject may copy. */
  static final long MAX_SINGLE_COPY = 5L << 30;

  private final S3Client s3;
  private final String bucket;
  private final int partBytes;
  private final long singleCopyLimit;
  private final long copyPartBytes;

  public S3BlobStore(S3Client s3, String bucket, int partBytes) {
    this(s3, bucket, partBytes, MAX_SINGLE_COPY, 1L << 30);
  }

  S3BlobStore(S3Client s3, String bucket, int partBytes, long singleCopyLimit, long copyPartBytes) {
    if (partBytes < (5 << 20)) {
      throw new IllegalArgumentException("S3 parts are at least 5 MiB, not " + partBytes);
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.partBytes = partBytes;
    this.singleCopyLimit = singleCopyLimit;
    this.copyPartBytes = copyPartBytes;
  }

  @Override
  public Staged stage(InputStream in, long maxBytes) throws IOException {
    String key = "incoming/" + UUID.randomUUID() + ".part";
    MessageDigest sha = HashingCopy.sha256();
    try (PartWriter out = new PartWriter(key)) {
      long size = HashingCopy.copy(in, out, sha, maxBytes);
      out.finish();
      return new Staged(key, Digests.hex(sha.digest()), size);
    }
  }

  @Override
  public Staged adopt(Path file, String sha256, long size) throws IOException {
    Staged staged;
    try (InputStream in = Files.newInputStream(file)) {
      staged = stage(in, size);
    }
    if (!staged.sha256().equals(sha256) || staged.size() != size) {
      discard(staged);
      throw new IOException("the partial file changed while it was moved to the bucket");
    }
    Files.deleteIfExists(file);
    return staged;
  }

  @Override
  public ByteSource read(Staged staged) {
    return new RangedSource(staged.ref(), staged.size());
  }

  @Override
  public void keep(Staged staged) {
    String target = kept(staged.sha256());
    if (!exists(target)) {
      copy(staged.ref(), target, staged.size());
    }
    discard(staged);
  }

  @Override
  public void discard(Staged staged) {
    s3.deleteObject(b -> b.bucket(bucket).key(staged.ref()));
  }

  @Override
  public Optional<InputStream> open(String sha256) {
    if (!BlobStore.isDigest(sha256)) {
      return Optional.empty();
    }
    try {
      return Optional.of(s3.getObject(b -> b.bucket(bucket).key(kept(sha256))));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  private static String kept(String sha256) {
    return "blobs/" + sha256 + ".sealed";
  }

  private boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private void copy(String from, String to, long size) {
    if (size <= singleCopyLimit) {
      s3.copyObject(
          b -> b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
      return;
    }
    String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(to)).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (long start = 0; start < size; start += copyPartBytes) {
        int number = parts.size() + 1;
        String range = "bytes=" + start + "-" + (Math.min(size, start + copyPartBytes) - 1);
        String etag =
            s3.uploadPartCopy(
                    b ->
                        b.sourceBucket(bucket)
                            .sourceKey(from)
                            .destinationBucket(bucket)
                            .destinationKey(to)
                            .uploadId(upload)
                            .partNumber(number)
                            .copySourceRange(range))
                .copyPartResult()
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      complete(to, upload, parts);
    } catch (RuntimeException e) {
      abort(to, upload);
      throw e;
    }
  }

  private void complete(String key, String upload, List<CompletedPart> parts) {
    s3.completeMultipartUpload(
        b -> b.bucket(bucket).key(key).uploadId(upload).multipartUpload(m -> m.parts(parts)));
  }

  private void abort(String key, String upload) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload));
    } catch (RuntimeException ignored) {
      // already failing; an unfinished multipart upload holds no served object
    }
  }

  /**
   * Buffers one part and sends it when full; a stream that ends within the first part is one PUT.
   * Closed without {@link #finish}, it aborts the multipart upload (nothing is left).
   */
  private final class PartWriter extends OutputStream {
    private final String key;
    private final byte[] part = new byte[partBytes];
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private String upload;
    private boolean finished;

    PartWriter(String key) {
      this.key = key;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        int n = Math.min(len, part.length - filled);
        System.arraycopy(b, off, part, filled, n);
        filled += n;
        off += n;
        len -= n;
        if (filled == part.length) {
          sendPart();
        }
      }
    }

    void finish() {
      if (upload == null) {
        int length = filled;
        s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) length), body(length));
      } else {
        if (filled > 0) {
          sendPart();
        }
        complete(key, upload, parts);
      }
      finished = true;
    }

    private void sendPart() {
      if (upload == null) {
        upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
      }
      int number = parts.size() + 1;
      int length = filled;
      String etag =
          s3.uploadPart(
                  b ->
                      b.bucket(bucket)
                          .key(key)
                          .uploadId(upload)
                          .partNumber(number)
                          .contentLength((long) length),
                  body(length))
              .eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      filled = 0;
    }

    private RequestBody body(int length) {
      return RequestBody.fromContentProvider(
          () -> new ByteArrayInputStream(part, 0, length), length, "application/octet-stream");
    }

    @Override
    public void close() {
      if (!finished && upload != null) {
        abort(key, upload);
      }
    }
  }

  /** A staged object read with ranged GETs. */
  private final class RangedSource implements ByteSource {
    private final String key;
    private final long size;

    RangedSource(String key, long size) {
      this.key = key;
      this.size = size;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      if (position >= size) {
        return -1;
      }
      if (!dst.hasRemaining()) {
        return 0;
      }
      long end = Math.min(size, position + dst.remaining()) - 1;
      try (ResponseInputStream<GetObjectResponse> in =
          s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=" + position + "-" + end))) {
        byte[] bytes = in.readNBytes((int) (end - position + 1));
        dst.put(bytes);
        return bytes.length;
      }
    }

    @Override
    public void close() {}
  }
}
