package io.cleanroom.cli.dataset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.dataset.SealedDatasetReader;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cleanroom dataset inspect}: prints a sealed file's header as JSON, no key needed. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description =
        "Print a sealed dataset's header (schema, rows, layout) and digest as JSON. No key needed.")
public final class InspectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.sealed", description = "The sealed dataset.")
  Path file;

  @Override
  public Integer call() throws Exception {
    ObjectNode out = CanonicalJson.mapper().createObjectNode();
    try (SealedDatasetReader reader = SealedDatasetReader.open(file)) {
      out.put("file", file.toString());
      out.put("bytes", Files.size(file));
      out.put("sha256", Digests.hex(Digests.sha256(file)));
      out.set("header", reader.header().toJson());
    }
    spec.commandLine()
        .getOut()
        .println(CanonicalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
    return 0;
  }
}
