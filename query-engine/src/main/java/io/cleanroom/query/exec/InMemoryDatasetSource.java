package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * Datasets held in memory as Arrow batches (tests and benchmarks). The batches stay owned by the
 * caller, who closes them after the queries; the executor only reads them. Dictionary-encoded
 * string columns are resolved through the given provider.
 */
public final class InMemoryDatasetSource implements DatasetSource {

  private final Map<String, List<VectorSchemaRoot>> datasets;
  private final Optional<DictionaryProvider> dictionaries;

  public InMemoryDatasetSource(Map<String, List<VectorSchemaRoot>> datasets) {
    this(datasets, Optional.empty());
  }

  public InMemoryDatasetSource(
      Map<String, List<VectorSchemaRoot>> datasets, Optional<DictionaryProvider> dictionaries) {
    this.datasets = Map.copyOf(datasets);
    this.dictionaries = dictionaries;
  }

  @Override
  public BatchStream open(String datasetId, List<String> columns, BufferAllocator allocator) {
    List<VectorSchemaRoot> batches = datasets.get(datasetId);
    if (batches == null) {
      throw new QueryException(
          QueryException.Code.INVALID_DATA, "no data for dataset " + datasetId);
    }
    return new BatchStream() {
      private int next;
      private VectorSchemaRoot current;

      @Override
      public boolean loadNextBatch() {
        if (next >= batches.size()) {
          current = null;
          return false;
        }
        current = select(batches.get(next++), columns, datasetId);
        return true;
      }

      @Override
      public VectorSchemaRoot root() {
        return current;
      }

      @Override
      public Optional<DictionaryProvider> dictionaries() {
        return dictionaries;
      }

      @Override
      public void close() {
        current = null;
      }
    };
  }

  /**
   * A view of {@code root} holding the named columns in the given order (no copy); {@code
   * INVALID_DATA} if one is missing.
   */
  static VectorSchemaRoot select(VectorSchemaRoot root, List<String> columns, String datasetId) {
    List<FieldVector> vectors = new ArrayList<>(columns.size());
    for (String c : columns) {
      FieldVector v = root.getVector(c);
      if (v == null) {
        throw new QueryException(
            QueryException.Code.INVALID_DATA, "dataset " + datasetId + " has no column " + c);
      }
      vectors.add(v);
    }
    return new VectorSchemaRoot(
        vectors.stream().map(FieldVector::getField).toList(), vectors, root.getRowCount());
  }
}
