package io.cleanroom.crypto.log;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an export's lines as raw bytes (the leaves are the exact bytes), with a fixed buffer and a
 * bound on the line length, so memory does not grow with the export or with a line that never ends.
 */
final class ExportLines {

  /** The longest line accepted; a signed entry is well under a kilobyte. */
  static final int MAX_LINE = 1 << 20;

  /** One line without its terminator. */
  record Line(byte[] bytes, boolean endsInNewline, boolean tooLong) {}

  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean eof;

  ExportLines(InputStream in) {
    this.in = in;
  }

  /** The next line, or {@code null} at the end of the input. */
  Line next() throws IOException {
    byte[] line = new byte[256];
    int length = 0;
    while (true) {
      if (pos == limit && !fill()) {
        return length == 0 ? null : new Line(Arrays.copyOf(line, length), false, false);
      }
      int start = pos;
      while (pos < limit && buffer[pos] != '\n') {
        pos++;
      }
      int n = pos - start;
      if (length + n > MAX_LINE) {
        return new Line(new byte[0], false, true);
      }
      if (length + n > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
      }
      System.arraycopy(buffer, start, line, length, n);
      length += n;
      if (pos < limit) {
        pos++;
        return new Line(Arrays.copyOf(line, length), true, false);
      }
    }
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.readNBytes(buffer, 0, buffer.length);
    if (n <= 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }
}
