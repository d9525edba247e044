package io.cleanroom.crypto.dataset;

import io.cleanroom.crypto.CryptoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads a sealed dataset: the header without any key, and with the key the requested columns as
 * Arrow record batches, each column decrypted on its own thread.
 *
 * <pre>{@code
 * try (SealedDatasetReader r = SealedDatasetReader.open(path);
 *      SealedBatchStream s = r.openColumns(key, List.of("age", "cost"), allocator)) {
 *   while (s.loadNextBatch()) process(s.getVectorSchemaRoot());
 * }
 * }</pre>
 *
 * <p><b>Security:</b> {@link #open} checks the structure only (anyone can). {@link #openColumns}
 * first checks the key id and the header tag, so a modified header or a wrong key is refused before
 * any column is touched; each column stream is then authenticated segment by segment (Tink
 * streaming AEAD), bound to this dataset, its position and its name. Batches of a stream that later
 * fails authentication may already have been returned: callers that publish anything must treat the
 * whole read as failed (the query engine does; {@code cleanroom dataset open} writes to a temporary
 * file that is only moved into place after the last segment verified).
 */
public final class SealedDatasetReader implements AutoCloseable {

  private final ByteSource source;
  private final byte[] prefix;
  private final byte[] headerBytes;
  private final byte[] tag;
  private final SealedHeader header;
  private final long bodyStart;

  private SealedDatasetReader(ByteSource source) throws IOException {
    this.source = source;
    long size = source.size();
    if (size < SealedFormat.PREFIX_BYTES) {
      throw notSealed();
    }
    this.prefix = readFully(0, SealedFormat.PREFIX_BYTES);
    if (!Arrays.equals(
        prefix, 0, SealedFormat.MAGIC.length, SealedFormat.MAGIC, 0, SealedFormat.MAGIC.length)) {
      throw notSealed();
    }
    long headerLength =
        ByteBuffer.wrap(prefix, SealedFormat.MAGIC.length, 4).getInt() & 0xffffffffL;
    if (headerLength > SealedHeader.MAX_HEADER_BYTES
        || SealedFormat.PREFIX_BYTES + headerLength + SealedFormat.TAG_BYTES > size) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_HEADER,
          "header length " + headerLength + " does not fit the file");
    }
    this.headerBytes = readFully(SealedFormat.PREFIX_BYTES, (int) headerLength);
    this.tag = readFully(SealedFormat.PREFIX_BYTES + headerLength, SealedFormat.TAG_BYTES);
    this.header = SealedHeader.parse(headerBytes);
    this.bodyStart = SealedFormat.PREFIX_BYTES + headerLength + SealedFormat.TAG_BYTES;
    long expected = bodyStart + header.layout().bodyLength();
    if (size != expected) {
      throw new CryptoException(
          CryptoException.Code.LENGTH_MISMATCH,
          "file has "
              + size
              + " bytes but its header describes "
              + expected
              + (size < expected ? " (truncated)" : " (trailing bytes)"));
    }
  }

  /** Opens a sealed file and validates its structure (no key needed). */
  public static SealedDatasetReader open(Path file) {
    ByteSource source;
    try {
      source = ByteSource.of(file);
    } catch (IOException e) {
      throw new CryptoException(
          CryptoException.Code.IO, "cannot open " + file + ": " + e.getMessage(), e);
    }
    return open(source);
  }

  /** Opens a sealed dataset held by {@code source}, which the reader closes. */
  public static SealedDatasetReader open(ByteSource source) {
    try {
      return new SealedDatasetReader(source);
    } catch (IOException | RuntimeException e) {
      try {
        source.close();
      } catch (IOException ignored) {
        // already failing
      }
      if (e instanceof CryptoException c) {
        throw c;
      }
      throw new CryptoException(
          CryptoException.Code.IO, "cannot read sealed dataset: " + e.getMessage(), e);
    }
  }

  /** The header (structurally valid; authenticated only once a key was checked). */
  public SealedHeader header() {
    return header;
  }

  /** The exact header bytes as stored. */
  public byte[] headerBytes() {
    return headerBytes.clone();
  }

  /**
   * Checks that {@code key} is this dataset's key and that the header is authentic. Throws {@link
   * CryptoException} with {@code WRONG_KEY} or {@code HEADER_AUTHENTICATION_FAILED}.
   */
  public void verifyKey(DatasetKey key) {
    if (!key.keyId().equals(header.binding().keyId())) {
      throw new CryptoException(
          CryptoException.Code.WRONG_KEY,
          "the key (id "
              + key.keyId()
              + ") is not this dataset's key (id "
              + header.binding().keyId()
              + ")");
    }
    SealedFormat.verifyHeaderTag(key, prefix, headerBytes, tag);
  }

  /** Opens the named columns (in the order given) with as many threads as there are processors. */
  public SealedBatchStream openColumns(
      DatasetKey key, List<String> columns, BufferAllocator allocator) {
    return openColumns(key, columns, allocator, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Opens the named columns (in the order given); at most {@code parallelism} columns decrypt at
   * once. The returned stream allocates its vectors from {@code allocator}.
   */
  public SealedBatchStream openColumns(
      DatasetKey key, List<String> columns, BufferAllocator allocator, int parallelism) {
    verifyKey(key);
    if (columns.isEmpty()) {
      throw new CryptoException(CryptoException.Code.UNKNOWN_COLUMN, "no columns requested");
    }
    byte[] bindingDigest = header.binding().digest();
    List<SealedBatchStream.ColumnSource> sources = new ArrayList<>(columns.size());
    for (String name : columns) {
      int index = header.columnIndex(name);
      if (index < 0) {
        throw new CryptoException(
            CryptoException.Code.UNKNOWN_COLUMN,
            "dataset " + header.binding().datasetId() + " has no column '" + name + "'");
      }
      SealedHeader.ByteRange range = header.layout().ranges().get(index);
      sources.add(
          new SealedBatchStream.ColumnSource(
              index,
              header.binding().columns().get(index).field(),
              source.region(bodyStart + range.offset(), range.length()),
              range.length(),
              SealedFormat.columnAssociatedData(bindingDigest, index, name)));
    }
    return new SealedBatchStream(
        key.streamingAead(), sources, header.layout().batchRowCounts(), allocator, parallelism);
  }

  /** Opens every column. */
  public SealedBatchStream openAll(DatasetKey key, BufferAllocator allocator) {
    return openColumns(
        key,
        header.binding().columns().stream().map(SealedHeader.ColumnSpec::name).toList(),
        allocator);
  }

  private byte[] readFully(long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      int n = source.read(buf, position + buf.position());
      if (n < 0) {
        throw new CryptoException(
            CryptoException.Code.LENGTH_MISMATCH, "file ends inside its header (truncated)");
      }
    }
    return buf.array();
  }

  private static CryptoException notSealed() {
    return new CryptoException(
        CryptoException.Code.NOT_A_SEALED_DATASET,
        "not a sealed dataset (the file does not start with CRSEALED)");
  }

  @Override
  public void close() {
    try {
      source.close();
    } catch (IOException ignored) {
      // read-only source
    }
  }
}
