package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * Plain (unsealed) Arrow IPC files as a source, in the file or the stream format (told apart by the
 * file format's magic): local runs and benchmarks. Dictionary-encoded columns are resolved through
 * the reader's dictionaries. The executor still validates every vector it reads.
 */
public final class ArrowIpcDatasetSource implements DatasetSource {

  private static final byte[] FILE_MAGIC = {'A', 'R', 'R', 'O', 'W', '1'};

  private final Map<String, Path> files;

  public ArrowIpcDatasetSource(Map<String, Path> files) {
    this.files = Map.copyOf(files);
  }

  @Override
  public BatchStream open(String datasetId, List<String> columns, BufferAllocator allocator) {
    Path file = files.get(datasetId);
    if (file == null) {
      throw new QueryException(
          QueryException.Code.INVALID_DATA, "no file for dataset " + datasetId);
    }
    ArrowReader reader;
    try {
      reader = isFileFormat(file) ? fileReader(file, allocator) : streamReader(file, allocator);
    } catch (IOException e) {
      throw new QueryException(
          QueryException.Code.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
    return new Stream(datasetId, reader, columns);
  }

  private static boolean isFileFormat(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(FILE_MAGIC.length), FILE_MAGIC);
    }
  }

  private static ArrowReader fileReader(Path file, BufferAllocator allocator) throws IOException {
    return new ArrowFileReader(FileChannel.open(file, StandardOpenOption.READ), allocator);
  }

  private static ArrowReader streamReader(Path file, BufferAllocator allocator) throws IOException {
    return new ArrowStreamReader(Files.newInputStream(file), allocator);
  }

  private static final class Stream implements BatchStream {
    private final String datasetId;
    private final ArrowReader reader;
    private final List<String> columns;
    private VectorSchemaRoot view;

    Stream(String datasetId, ArrowReader reader, List<String> columns) {
      this.datasetId = datasetId;
      this.reader = reader;
      this.columns = List.copyOf(columns);
    }

    @Override
    public boolean loadNextBatch() {
      try {
        if (!reader.loadNextBatch()) {
          view = null;
          return false;
        }
        view = InMemoryDatasetSource.select(reader.getVectorSchemaRoot(), columns, datasetId);
        return true;
      } catch (IOException | RuntimeException e) {
        if (e instanceof QueryException q) {
          throw q;
        }
        throw new QueryException(
            QueryException.Code.INVALID_DATA,
            "dataset " + datasetId + " is not valid Arrow IPC: " + e.getMessage(),
            e);
      }
    }

    @Override
    public VectorSchemaRoot root() {
      return view;
    }

    @Override
    public Optional<DictionaryProvider> dictionaries() {
      return Optional.of(reader);
    }

    @Override
    public void close() {
      view = null;
      try {
        reader.close();
      } catch (IOException e) {
        throw new QueryException(QueryException.Code.IO, "cannot close " + datasetId, e);
      }
    }
  }
}
