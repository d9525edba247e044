package io.cleanroom.cli.io;

import io.cleanroom.cli.UserError;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.arrow.ArrowIpcGuards;
import io.cleanroom.crypto.dataset.ColumnTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ValueVectorUtility;

/** An Arrow IPC file ({@code ARROW1} magic) or stream, validated batch by batch. */
final class ArrowInput implements BatchInput {

  static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);

  private final ArrowReader reader;
  private final FileChannel channel;
  private final Schema schema;
  private int batch;

  private ArrowInput(ArrowReader reader, FileChannel channel) throws IOException {
    this.reader = reader;
    this.channel = channel;
    this.schema = reader.getVectorSchemaRoot().getSchema();
    for (Field f : schema.getFields()) {
      if (f.getDictionary() != null) {
        throw new UserError(
            "column '" + f.getName() + "' is dictionary-encoded; decode it before sealing");
      }
      try {
        ColumnTypes.name(f.getType());
      } catch (CryptoException e) {
        throw new UserError("column '" + f.getName() + "': " + e.getMessage());
      }
    }
  }

  static ArrowInput open(Path file, BufferAllocator allocator) throws IOException {
    byte[] head = new byte[6];
    try (InputStream in = Files.newInputStream(file)) {
      in.readNBytes(head, 0, 6);
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    long size = channel.size();
    ArrowReader reader =
        Arrays.equals(head, MAGIC)
            ? new ArrowFileReader(channel, allocator)
            : ArrowIpcGuards.streamReader(channel, size, allocator);
    try {
      if (reader instanceof ArrowFileReader fileReader) {
        ArrowIpcGuards.checkFileBlocks(fileReader, size);
      }
      return new ArrowInput(reader, channel);
    } catch (UserError e) {
      reader.close();
      throw e;
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw invalid(file.toString(), e);
    }
  }

  private static UserError invalid(String what, Exception e) {
    return new UserError(
        what + " is not a valid Arrow IPC file or stream (" + e.getClass().getSimpleName() + ")",
        e);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public boolean next() {
    try {
      if (!reader.loadNextBatch()) {
        return false;
      }
      batch++;
      ValueVectorUtility.validateFull(reader.getVectorSchemaRoot());
      return true;
    } catch (IOException | RuntimeException e) {
      throw invalid("batch " + (batch + 1) + " of the input", e);
    }
  }

  @Override
  public VectorSchemaRoot root() {
    try {
      return reader.getVectorSchemaRoot();
    } catch (IOException e) {
      throw invalid("the input", e);
    }
  }

  @Override
  public long bytesRead() {
    try {
      return channel.isOpen() ? channel.position() : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      // read-only
    }
  }
}
