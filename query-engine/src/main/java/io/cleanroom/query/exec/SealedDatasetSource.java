package io.cleanroom.query.exec;

import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.SealedBatchStream;
import io.cleanroom.crypto.dataset.SealedDatasetReader;
import io.cleanroom.query.QueryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Sealed dataset files as a source: only the requested columns are decrypted.
 *
 * <p><b>Security:</b> before any column is opened, the sealed header must name the expected dataset
 * id and carry the contract's schema (field names, types and nullability; the sealed format holds
 * strings as plain UTF-8, so dictionary markings are not compared); otherwise {@code INVALID_DATA}.
 * Key, authentication and format failures surface as {@code INVALID_DATA} with the crypto error as
 * cause, and the query fails as a whole.
 */
public final class SealedDatasetSource implements DatasetSource {

  /**
   * One sealed dataset file.
   *
   * @param file the sealed file
   * @param key its data key (owned by the caller)
   * @param schema the schema the contract declares for the dataset
   */
  public record Sealed(Path file, DatasetKey key, Schema schema) {}

  private final Map<String, Sealed> datasets;

  public SealedDatasetSource(Map<String, Sealed> datasets) {
    this.datasets = Map.copyOf(datasets);
  }

  /**
   * Sealed files of a contract's datasets, each checked against the schema the contract declares
   * and, where the contract names one, refused unless its SHA-256 is that digest ({@code
   * INVALID_DATA}).
   *
   * @param files the sealed file of each dataset id
   * @param keys the data key of each dataset id (owned by the caller)
   */
  public static SealedDatasetSource forContract(
      io.cleanroom.query.contract.Contract contract,
      Map<String, Path> files,
      Map<String, DatasetKey> keys) {
    Map<String, Sealed> sealed = new java.util.HashMap<>();
    files.forEach(
        (id, file) -> {
          var dataset =
              contract
                  .dataset(id)
                  .orElseThrow(
                      () ->
                          new QueryException(
                              QueryException.Code.INVALID_DATA,
                              "dataset '" + id + "' is not in the contract"));
          DatasetKey key = keys.get(id);
          if (key == null) {
            throw new QueryException(
                QueryException.Code.INVALID_DATA, "no key for dataset '" + id + "'");
          }
          dataset.sealedDigest().ifPresent(want -> requireDigest(file, want));
          sealed.put(id, new Sealed(file, key, dataset.schema()));
        });
    return new SealedDatasetSource(sealed);
  }

  /** Refuses a sealed file whose SHA-256 is not the one the contract names for it. */
  private static void requireDigest(Path file, String want) {
    String have =
        io.cleanroom.crypto.json.Digests.hex(io.cleanroom.crypto.json.Digests.sha256(file));
    if (!have.equals(want)) {
      throw new QueryException(
          QueryException.Code.INVALID_DATA,
          file + " has digest " + have + " but the contract names " + want);
    }
  }

  @Override
  public BatchStream open(String datasetId, List<String> columns, BufferAllocator allocator) {
    Sealed s = datasets.get(datasetId);
    if (s == null) {
      throw new QueryException(
          QueryException.Code.INVALID_DATA, "no sealed file for dataset " + datasetId);
    }
    SealedDatasetReader reader = null;
    try {
      reader = SealedDatasetReader.open(s.file());
      check(datasetId, reader, s.schema());
      SealedBatchStream stream = reader.openColumns(s.key(), columns, allocator);
      return new Stream(reader, stream);
    } catch (CryptoException e) {
      if (reader != null) {
        reader.close();
      }
      throw invalid(datasetId, e);
    } catch (RuntimeException e) {
      if (reader != null) {
        reader.close();
      }
      throw e;
    }
  }

  private static void check(String datasetId, SealedDatasetReader reader, Schema expected) {
    var binding = reader.header().binding();
    if (!binding.datasetId().equals(datasetId)) {
      throw new QueryException(
          QueryException.Code.INVALID_DATA,
          "the sealed file holds dataset '" + binding.datasetId() + "', not '" + datasetId + "'");
    }
    List<Field> actual = binding.schema().getFields();
    List<Field> want = expected.getFields();
    boolean same = actual.size() == want.size();
    for (int i = 0; same && i < want.size(); i++) {
      Field a = actual.get(i);
      Field w = want.get(i);
      same =
          a.getName().equals(w.getName())
              && a.getType().equals(w.getType())
              && a.isNullable() == w.isNullable();
    }
    if (!same) {
      throw new QueryException(
          QueryException.Code.INVALID_DATA,
          "the sealed schema of dataset '" + datasetId + "' does not match the contract");
    }
  }

  private static QueryException invalid(String datasetId, CryptoException e) {
    return new QueryException(
        QueryException.Code.INVALID_DATA,
        "sealed dataset '" + datasetId + "' cannot be read: " + e.getMessage(),
        e);
  }

  private static final class Stream implements BatchStream {
    private final SealedDatasetReader reader;
    private final SealedBatchStream stream;
    private final String id;

    Stream(SealedDatasetReader reader, SealedBatchStream stream) {
      this.reader = reader;
      this.stream = stream;
      this.id = reader.header().binding().datasetId();
    }

    @Override
    public boolean loadNextBatch() {
      try {
        return stream.loadNextBatch();
      } catch (CryptoException e) {
        throw invalid(id, e);
      }
    }

    @Override
    public VectorSchemaRoot root() {
      return stream.getVectorSchemaRoot();
    }

    @Override
    public void close() {
      try {
        stream.close();
      } finally {
        reader.close();
      }
    }
  }
}
