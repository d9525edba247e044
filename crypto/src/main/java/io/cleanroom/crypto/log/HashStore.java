package io.cleanroom.crypto.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only list of 32-byte hashes packed into 1 MiB chunks: no object per hash and no large
 * array copy when it grows. The last chunk starts small and doubles, so a small tree stays small.
 * Not thread-safe; {@link MerkleTree} guards it.
 */
final class HashStore {

  private static final int CHUNK_SHIFT = 15;
  private static final int CHUNK_HASHES = 1 << CHUNK_SHIFT;
  private static final int H = MerkleHashes.HASH_LENGTH;
  private static final int FIRST_CHUNK_HASHES = 64;

  private final List<byte[]> chunks = new ArrayList<>();
  private long size;

  long size() {
    return size;
  }

  void add(byte[] hash) {
    int offset = (int) (size & (CHUNK_HASHES - 1));
    if (offset == 0) {
      chunks.add(new byte[FIRST_CHUNK_HASHES * H]);
    }
    int last = chunks.size() - 1;
    byte[] chunk = chunks.get(last);
    if (chunk.length == offset * H) {
      chunk = Arrays.copyOf(chunk, Math.min(chunk.length * 2, CHUNK_HASHES * H));
      chunks.set(last, chunk);
    }
    System.arraycopy(hash, 0, chunk, offset * H, H);
    size++;
  }

  /** A copy of hash {@code i}; {@code 0 <= i < size()}. */
  byte[] get(long i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("hash " + i + " of " + size);
    }
    byte[] chunk = chunks.get((int) (i >>> CHUNK_SHIFT));
    int from = (int) (i & (CHUNK_HASHES - 1)) * H;
    byte[] out = new byte[H];
    System.arraycopy(chunk, from, out, 0, H);
    return out;
  }
}
