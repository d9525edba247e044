package io.cleanroom.query.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.query.QueryException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A strict reader of one JSON object: typed getters, and unknown members are an error. */
final class JsonReader {

  private final JsonNode node;
  private final String path;
  private final Set<String> read = new HashSet<>();

  JsonReader(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw error(path, "must be a JSON object");
    }
    this.node = node;
    this.path = path;
  }

  static QueryException error(String path, String message) {
    return new QueryException(QueryException.Code.INVALID_CONTRACT, path + ": " + message);
  }

  String path() {
    return path;
  }

  Optional<JsonNode> optional(String name) {
    read.add(name);
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
  }

  JsonNode required(String name) {
    return optional(name).orElseThrow(() -> error(path + "." + name, "is required"));
  }

  String string(String name) {
    JsonNode v = required(name);
    if (!v.isTextual() || v.textValue().isEmpty()) {
      throw error(path + "." + name, "must be a non-empty string");
    }
    return v.textValue();
  }

  Optional<String> optionalString(String name) {
    return optional(name).map(v -> stringValue(v, path + "." + name));
  }

  int integer(String name, int min) {
    JsonNode v = required(name);
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min) {
      throw error(path + "." + name, "must be an integer >= " + min);
    }
    return v.intValue();
  }

  int optionalInteger(String name, int min, int fallback) {
    return optional(name).isPresent() ? integer(name, min) : fallback;
  }

  double number(String name) {
    JsonNode v = required(name);
    if (!v.isNumber()) {
      throw error(path + "." + name, "must be a number");
    }
    return v.doubleValue();
  }

  List<JsonNode> array(String name) {
    return optional(name).map(v -> elements(v, path + "." + name)).orElse(List.of());
  }

  List<String> strings(String name) {
    List<String> out = new ArrayList<>();
    List<JsonNode> items = array(name);
    for (int i = 0; i < items.size(); i++) {
      out.add(stringValue(items.get(i), path + "." + name + "[" + i + "]"));
    }
    return out;
  }

  Iterator<String> fieldNames(String name) {
    JsonNode v = required(name);
    if (!v.isObject()) {
      throw error(path + "." + name, "must be a JSON object");
    }
    return v.fieldNames();
  }

  /** Fails if the object has members that no getter asked for. */
  void finish() {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!read.contains(name)) {
        throw error(path, "unknown member '" + name + "'");
      }
    }
  }

  static List<JsonNode> elements(JsonNode v, String path) {
    if (!v.isArray()) {
      throw error(path, "must be a JSON array");
    }
    List<JsonNode> out = new ArrayList<>();
    v.forEach(out::add);
    return out;
  }

  static String stringValue(JsonNode v, String path) {
    if (!v.isTextual() || v.textValue().isEmpty()) {
      throw error(path, "must be a non-empty string");
    }
    return v.textValue();
  }
}
