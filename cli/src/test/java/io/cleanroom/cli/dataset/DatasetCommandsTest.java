package io.cleanroom.cli.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.cli.Cli;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCommandsTest {

  private static final String CSV =
      """
      person_id,age,name,score,active,day,seen
      1,34,"Smith, Anna",1.5,true,2025-01-02,2025-01-02T10:00:00Z
      2,,Jones,,false,2025-02-03,2025-02-03T11:30:00.123456Z
      3,71,\"say \"\"hi\"\"\",-2.25e3,TRUE,2025-03-04,
      """;

  @TempDir Path dir;

  private Cli seal(Path input, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "dataset",
                "seal",
                "--input",
                input.toString(),
                "--dataset-id",
                "d1",
                "--owner",
                "hospital",
                "--collaboration",
                "c1",
                "--out",
                dir.resolve("d1.sealed").toString(),
                "--key-out",
                dir.resolve("d1.key").toString()));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  /** Runs {@code dataset open d1.sealed --key d1.key --out OUT [extra...]}. */
  private Cli openSealed(String out, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "dataset",
                "open",
                dir.resolve("d1.sealed").toString(),
                "--key",
                dir.resolve("d1.key").toString(),
                "--out",
                dir.resolve(out).toString()));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private List<String> filesInDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void sealsInspectsAndOpensACsvWithInferredTypes() throws Exception {
    Path csv = write("in.csv", CSV);
    Cli sealed = seal(csv);
    assertThat(sealed.exitCode()).as(sealed.err()).isZero();
    assertThat(sealed.out()).contains("sealed 3 rows in 7 columns");

    Cli inspect = Cli.run("dataset", "inspect", dir.resolve("d1.sealed").toString());
    assertThat(inspect.exitCode()).isZero();
    JsonNode json = CanonicalJson.parse(inspect.out());
    JsonNode fields = json.path("header").path("dataset").path("schema").path("fields");
    assertThat(fields.findValuesAsText("type"))
        .containsExactly(
            "int64", "int64", "utf8", "float64", "bool", "date32", "timestamp[us,UTC]");
    assertThat(fields.get(1).path("nullable").booleanValue()).isTrue();
    assertThat(fields.get(0).path("nullable").booleanValue()).isFalse();
    assertThat(json.path("header").path("layout").path("rowCount").asLong()).isEqualTo(3);
    assertThat(json.path("sha256").asText()).hasSize(64);

    Cli open = openSealed("out.csv");
    assertThat(open.exitCode()).as(open.err()).isZero();
    assertThat(Files.readString(dir.resolve("out.csv")))
        .isEqualTo(
            """
            person_id,age,name,score,active,day,seen
            1,34,"Smith, Anna",1.5,true,2025-01-02,2025-01-02T10:00:00Z
            2,,Jones,,false,2025-02-03,2025-02-03T11:30:00.123456Z
            3,71,\"say \"\"hi\"\"\",-2250.0,true,2025-03-04,
            """);
  }

  @Test
  void sealsWithAGivenSchemaAndRoundTripsExactly() throws Exception {
    Path csv = write("in.csv", "id,amount,zip\n1,10.50,007\n2,0.05,123\n");
    Path schema =
        write(
            "schema.json",
            "{\"fields\":[{\"name\":\"id\",\"type\":\"int32\",\"nullable\":false},"
                + "{\"name\":\"amount\",\"type\":\"decimal(8,2)\"},{\"name\":\"zip\",\"type\":\"utf8\"}]}");
    assertThat(seal(csv, "--schema", schema.toString()).exitCode()).isZero();
    Cli open = openSealed("out.csv");
    assertThat(open.exitCode()).isZero();
    assertThat(Files.readString(dir.resolve("out.csv"))).isEqualTo(Files.readString(csv));
  }

  @Test
  void sealsArrowFilesAndStreamsAndOpensToArrow() throws Exception {
    Schema schema =
        new Schema(
            List.of(
                new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
    Path file = dir.resolve("in.arrow");
    Path stream = dir.resolve("in.arrows");
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, a)) {
      BigIntVector id = (BigIntVector) root.getVector(0);
      VarCharVector name = (VarCharVector) root.getVector(1);
      for (int i = 0; i < 100; i++) {
        id.setSafe(i, i);
        name.setSafe(i, ("n" + i).getBytes(StandardCharsets.UTF_8));
      }
      root.setRowCount(100);
      try (var out = Files.newOutputStream(file);
          ArrowFileWriter w =
              new ArrowFileWriter(root, null, java.nio.channels.Channels.newChannel(out))) {
        w.start();
        w.writeBatch();
        w.writeBatch();
        w.end();
      }
      try (var out = Files.newOutputStream(stream);
          ArrowStreamWriter w = new ArrowStreamWriter(root, null, out)) {
        w.start();
        w.writeBatch();
        w.end();
      }
    }
    assertThat(seal(file).out()).contains("sealed 200 rows in 2 columns");
    Cli open = openSealed("out.arrow", "--columns", "name");
    assertThat(open.exitCode()).as(open.err()).isZero();
    try (BufferAllocator a = new RootAllocator();
        var reader =
            new org.apache.arrow.vector.ipc.ArrowFileReader(
                Files.newByteChannel(dir.resolve("out.arrow")), a)) {
      assertThat(reader.getVectorSchemaRoot().getSchema().getFields())
          .extracting(Field::getName)
          .containsExactly("name");
      assertThat(reader.loadNextBatch()).isTrue();
      assertThat(reader.getVectorSchemaRoot().getVector(0).getObject(99).toString())
          .isEqualTo("n99");
    }
    Files.delete(dir.resolve("d1.sealed"));
    Files.delete(dir.resolve("d1.key"));
    assertThat(seal(stream).out()).contains("sealed 100 rows in 2 columns");
  }

  @Test
  void refusesRaggedRowsNamingTheLine() throws Exception {
    Cli r = seal(write("in.csv", "a,b\n1,2\n3\n"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("line 3 has 1 fields, the header has 2");
    assertThat(filesInDir()).containsExactly("in.csv");
  }

  @Test
  void refusesAValueThatDoesNotFitTheSchemaWithoutEchoingIt() throws Exception {
    Path csv = write("in.csv", "id,age\n1,40\n2,canary-value-8812\n");
    Path schema =
        write(
            "s.json",
            "{\"fields\":[{\"name\":\"id\",\"type\":\"int64\"},{\"name\":\"age\",\"type\":\"int32\"}]}");
    Cli r = seal(csv, "--schema", schema.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains("line 3, column 'age': the value does not fit type int32")
        .doesNotContain("canary");
    assertThat(filesInDir()).containsExactly("in.csv", "s.json");
  }

  @Test
  void refusesEmptyInputAndAHeaderWithoutRows() throws Exception {
    Cli empty = seal(write("empty.csv", ""));
    assertThat(empty.exitCode()).isEqualTo(1);
    assertThat(empty.err()).contains("input is empty");
    Cli headerOnly = seal(write("h.csv", "a,b\n"));
    assertThat(headerOnly.exitCode()).isEqualTo(1);
    assertThat(headerOnly.err()).contains("no rows");
  }

  @Test
  void refusesBytesThatAreNotArrow() throws Exception {
    Path junk = dir.resolve("junk.arrow");
    Files.write(junk, new byte[] {'A', 'R', 'R', 'O', 'W', '1', 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
    Cli r = seal(junk);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("not a valid Arrow IPC file or stream");
    Cli r2 = seal(write("text.bin", "hello"), "--format", "arrow");
    assertThat(r2.exitCode()).isEqualTo(1);
    assertThat(r2.err()).contains("not a valid Arrow IPC file or stream");
  }

  @Test
  void openWithTheWrongKeyOrATamperedFileWritesNothing() throws Exception {
    assertThat(seal(write("in.csv", CSV)).exitCode()).isZero();
    Path other = dir.resolve("other.key");
    assertThat(
            Cli.run(
                    "dataset",
                    "seal",
                    "--input",
                    dir.resolve("in.csv").toString(),
                    "--dataset-id",
                    "x",
                    "--owner",
                    "o",
                    "--collaboration",
                    "c",
                    "--out",
                    dir.resolve("x.sealed").toString(),
                    "--key-out",
                    other.toString())
                .exitCode())
        .isZero();

    Cli wrongKey =
        Cli.run(
            "dataset",
            "open",
            dir.resolve("d1.sealed").toString(),
            "--key",
            other.toString(),
            "--out",
            dir.resolve("out.csv").toString());
    assertThat(wrongKey.exitCode()).isEqualTo(1);
    assertThat(wrongKey.err()).contains("not this dataset's key");

    byte[] bytes = Files.readAllBytes(dir.resolve("d1.sealed"));
    bytes[bytes.length - 3] ^= 1;
    Files.write(dir.resolve("d1.sealed"), bytes);
    Cli tampered = openSealed("out.csv");
    assertThat(tampered.exitCode()).isEqualTo(1);
    assertThat(tampered.err()).contains("failed authentication");
    assertThat(filesInDir()).doesNotContain("out.csv").noneMatch(n -> n.startsWith(".opening-"));
  }

  @Test
  void inspectRefusesAFileThatIsNotSealed() throws Exception {
    Cli r = Cli.run("dataset", "inspect", write("x.csv", "a\n1\n").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("not a sealed dataset");
  }

  @Test
  void neverOverwritesAKeyFileAndReportsUsageErrorsWithExitCodeTwo() throws Exception {
    Path csv = write("in.csv", CSV);
    Files.writeString(dir.resolve("d1.key"), "existing");
    Cli r = seal(csv);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("exists");
    assertThat(Files.readString(dir.resolve("d1.key"))).isEqualTo("existing");

    Cli usage = Cli.run("dataset", "seal", "--input", csv.toString());
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).contains("Missing required options");
    assertThat(Cli.run("dataset", "frobnicate").exitCode()).isEqualTo(2);
  }
}
