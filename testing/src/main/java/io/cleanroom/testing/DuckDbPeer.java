package io.cleanroom.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * An in-memory DuckDB holding copies of {@link ArrowTables}, loaded through the Arrow C data
 * interface (no text round trip, so values are exactly those the engine reads). DuckDB reads from
 * its own native tables, its fastest path: a conservative peer for benchmarks, and the oracle that
 * tests compare results with.
 */
public final class DuckDbPeer implements AutoCloseable {

  private final Connection connection;

  /** A new in-memory database using {@code threads} threads. */
  public DuckDbPeer(int threads) {
    try {
      connection = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement st = connection.createStatement()) {
        st.execute("SET threads = " + threads);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start DuckDB: " + e.getMessage(), e);
    }
  }

  /** The JDBC connection. */
  public Connection connection() {
    return connection;
  }

  /** Copies every table into DuckDB under its name. */
  public void load(ArrowTables tables, BufferAllocator allocator) {
    tables.schemas().forEach((n, s) -> load(n, s, tables.batches().get(n), allocator));
  }

  /** Copies one table into DuckDB; the batches stay the caller's. */
  public void load(
      String table, Schema schema, List<VectorSchemaRoot> batches, BufferAllocator allocator) {
    String view = "arrow_" + table;
    try (ArrowReader reader = new BatchReader(allocator, schema, batches);
        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
      Data.exportArrayStream(allocator, reader, stream);
      ((DuckDBConnection) connection).registerArrowStream(view, stream);
      try (Statement st = connection.createStatement()) {
        st.execute("CREATE OR REPLACE TABLE \"" + table + "\" AS SELECT * FROM " + view);
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(
          "cannot load " + table + " into DuckDB: " + e.getMessage(), e);
    }
  }

  /** Runs a query; rows as JDBC objects (BigDecimal, Long, Double, String, LocalDate...). */
  public List<List<Object>> query(String sql) {
    return query(connection, sql);
  }

  /** Runs a query on any JDBC connection; rows as JDBC objects. */
  public static List<List<Object>> query(Connection connection, String sql) {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(md.getColumnCount());
        for (int c = 1; c <= md.getColumnCount(); c++) {
          row.add(rs.getObject(c));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB refused the query: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Hands existing batches to the C stream one by one, without copying their buffers. */
  private static final class BatchReader extends ArrowReader {
    private final Schema schema;
    private final List<VectorSchemaRoot> batches;
    private int next;

    BatchReader(BufferAllocator allocator, Schema schema, List<VectorSchemaRoot> batches) {
      super(allocator);
      this.schema = schema;
      this.batches = batches;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (next >= batches.size()) {
        return false;
      }
      try (ArrowRecordBatch rb = new VectorUnloader(batches.get(next++)).getRecordBatch()) {
        new VectorLoader(getVectorSchemaRoot()).load(rb);
      }
      return true;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return schema;
    }
  }
}
