package io.cleanroom.crypto.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** PLACEHOLDER until the log-export branch lands (same API). */
public final class LogExportWriter {
  private final OutputStream out;

  public LogExportWriter(OutputStream out, String logId) throws IOException {
    this.out = out;
    out.write(
        ("{\"format\":\"cleanroom.log-export.v1\",\"logId\":\"" + logId + "\"}\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  public void entry(byte[] signedEntry) throws IOException {
    out.write(signedEntry);
    out.write('\n');
  }

  public void finish(byte[] signedTreeHead) throws IOException {
    out.write(signedTreeHead);
    out.write('\n');
    out.flush();
  }
}
