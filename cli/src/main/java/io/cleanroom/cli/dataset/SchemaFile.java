package io.cleanroom.cli.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.cli.UserError;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.dataset.SealedHeader.ColumnSpec;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@code --schema} file: {@code {"fields": [{"name": "age", "type": "int32", "nullable": true},
 * ...]}}, the same form as the {@code schema} member of a sealed header.
 */
final class SchemaFile {

  private SchemaFile() {}

  static Schema read(Path file) {
    JsonNode root;
    try {
      root = CanonicalJson.parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UserError("cannot read schema file " + file + ": " + e.getMessage(), e);
    } catch (CryptoException e) {
      throw new UserError("schema file " + file + ": " + e.getMessage(), e);
    }
    JsonNode fields = root.path("fields");
    if (!fields.isArray() || fields.isEmpty()) {
      throw new UserError(
          "schema file "
              + file
              + " must hold {\"fields\": [{\"name\", \"type\", \"nullable\"}, ...]}");
    }
    List<Field> out = new ArrayList<>();
    for (JsonNode f : fields) {
      if (!f.path("name").isTextual() || !f.path("type").isTextual()) {
        throw new UserError("schema file " + file + ": every field needs a name and a type");
      }
      try {
        out.add(
            new ColumnSpec(
                    f.get("name").textValue(),
                    f.get("type").textValue(),
                    f.path("nullable").asBoolean(true))
                .field());
      } catch (CryptoException e) {
        throw new UserError(
            "schema file "
                + file
                + ", field '"
                + f.get("name").textValue()
                + "': "
                + e.getMessage());
      }
    }
    return new Schema(out);
  }
}
