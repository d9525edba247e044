package io.cleanroom.crypto.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.CryptoException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogExportWriterTest {

  final TestExports log = new TestExports();
  final List<byte[]> three = log.entries(3, 0);

  @AfterEach
  void close() {
    log.close();
  }

  @Test
  void writesTheHeaderEachEntryAsItIsAndTheHeadOneLineEach() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogExportWriter w = new LogExportWriter(out, "collab-1");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"format\":\"cleanroom.log-export.v1\",\"logId\":\"collab-1\"}\n");
    three.forEach(w::entry);
    byte[] head = log.head("collab-1", three);
    w.finish(head);

    assertThat(TestExports.split(out.toByteArray()))
        .containsExactly(
            TestExports.header("collab-1"), three.get(0), three.get(1), three.get(2), head);
    assertThat(out.toByteArray()).endsWith('\n');
  }

  @Test
  void refusesAnEntryThatIsNotOneCanonicalJsonLine() {
    LogExportWriter w = new LogExportWriter(new ByteArrayOutputStream(), "collab-1");
    String entry = new String(three.get(0), StandardCharsets.UTF_8);
    for (String bad :
        List.of(
            entry + "\n",
            entry + "\n" + entry,
            entry.replace(",\"", ", \""),
            "[1,2]",
            "",
            "{\"a\":1}\r")) {
      assertThatThrownBy(() -> w.entry(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad)
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("log entry 0 is not one canonical JSON line");
    }
  }

  @Test
  void refusesAHeadForAnotherLogOrAnotherNumberOfEntriesAndAnythingAfterTheHead() {
    LogExportWriter w = new LogExportWriter(new ByteArrayOutputStream(), "collab-1");
    three.forEach(w::entry);
    assertThatThrownBy(() -> w.finish(log.head("collab-2", three)))
        .hasMessageContaining("the tree head is for log collab-2, the export for log collab-1");
    assertThatThrownBy(() -> w.finish(log.head("collab-1", three.subList(0, 2))))
        .hasMessageContaining("the tree head is for 2 entries, 3 were written");
    byte[] tampered = log.head("collab-1", three);
    tampered[15] ^= 1;
    assertThatThrownBy(() -> w.finish(tampered)).isInstanceOf(CryptoException.class);

    w.finish(log.head("collab-1", three));
    assertThatThrownBy(() -> w.entry(three.get(0))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> w.finish(log.head("collab-1", three)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesAnEmptyLogIdAndReportsIoErrorsAsCryptoExceptions() {
    assertThatThrownBy(() -> new LogExportWriter(new ByteArrayOutputStream(), ""))
        .isInstanceOf(IllegalArgumentException.class);
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }
        };
    assertThatThrownBy(() -> new LogExportWriter(broken, "collab-1"))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("disk full")
        .extracting(e -> ((CryptoException) e).code())
        .isEqualTo(CryptoException.Code.IO);
  }
}
