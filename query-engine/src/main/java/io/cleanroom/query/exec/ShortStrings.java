package io.cleanroom.query.exec;

/**
 * A per-scan cache of the dictionary codes of short strings (at most 7 bytes, packed with their
 * length into one long): one multiply and usually one probe per value, no lock, no byte comparison.
 * Misses go to the query's shared {@link StringDictionary}.
 */
final class ShortStrings {

  private final StringDictionary dict;
  private final MemoryTracker memory;
  private long[] keys = new long[1024];
  private int[] codes = new int[1024];
  private int size;

  ShortStrings(StringDictionary dict, MemoryTracker memory) {
    this.dict = dict;
    this.memory = memory;
  }

  /** The code of bytes {@code data[start, start+len)}. */
  int intern(byte[] data, int start, int len) {
    if (len > 7) {
      return dict.intern(data, start, len);
    }
    long packed = pack(data, start, len);
    int m = keys.length - 1;
    int s = (int) ((packed * 0x9E3779B97F4A7C15L) >>> 40) & m;
    while (true) {
      long k = keys[s];
      if (k == packed) {
        return codes[s];
      }
      if (k == 0) {
        int code = dict.intern(data, start, len);
        keys[s] = packed;
        codes[s] = code;
        if (++size * 2 > keys.length) {
          grow();
        }
        return code;
      }
      s = (s + 1) & m;
    }
  }

  /** Bytes {@code data[start, start+len)} (len at most 7) and their length in one non-zero long. */
  static long pack(byte[] data, int start, int len) {
    long v = (long) (len + 1) << 56;
    for (int i = 0; i < len; i++) {
      v |= (data[start + i] & 0xffL) << (8 * i);
    }
    return v;
  }

  private void grow() {
    int cap = keys.length * 2;
    memory.reserve(12L * (cap - keys.length));
    long[] ok = keys;
    int[] oc = codes;
    keys = new long[cap];
    codes = new int[cap];
    int m = cap - 1;
    for (int i = 0; i < ok.length; i++) {
      if (ok[i] != 0) {
        int s = (int) ((ok[i] * 0x9E3779B97F4A7C15L) >>> 40) & m;
        while (keys[s] != 0) {
          s = (s + 1) & m;
        }
        keys[s] = ok[i];
        codes[s] = oc[i];
      }
    }
  }
}
