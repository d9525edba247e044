package io.cleanroom.portal.log;

import io.cleanroom.crypto.log.LogExportWriter;
import io.cleanroom.crypto.log.SignedTreeHead;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes a collaboration's log as an export (docs/audit.md#export): the entries up to a freshly
 * signed head, then that head, page by page so that the memory used does not grow with the log.
 */
@ApplicationScoped
public class LogExport {

  @Inject CollaborationLog log;

  /** Writes the export of {@code collaborationId} to {@code out}. */
  public void write(String collaborationId, OutputStream out) throws IOException {
    byte[] head = log.head(collaborationId);
    long size = SignedTreeHead.verify(head).head().size();
    LogExportWriter writer = new LogExportWriter(out, collaborationId);
    for (long i = 0; i < size; ) {
      List<byte[]> page = log.page(collaborationId, i, size);
      if (page.isEmpty()) {
        throw new IOException("the log ended at " + i + " of " + size);
      }
      for (byte[] entry : page) {
        writer.entry(entry);
      }
      i += page.size();
    }
    writer.finish(head);
  }
}
