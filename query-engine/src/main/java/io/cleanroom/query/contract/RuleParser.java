package io.cleanroom.query.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Parses and validates one dataset's analysis rule (part of {@link ContractParser}). */
final class RuleParser {

  private RuleParser() {}

  static AnalysisRule parse(JsonReader r) {
    String modeName = r.string("mode");
    AnalysisRule.Mode mode =
        switch (modeName) {
          case "aggregation" -> AnalysisRule.Mode.AGGREGATION;
          case "template" -> AnalysisRule.Mode.TEMPLATE;
          default -> throw JsonReader.error(r.path() + ".mode", "unknown mode '" + modeName + "'");
        };
    Map<String, ColumnPolicy> columns = columns(r);
    int threshold = r.optionalInteger("minimumThreshold", 0, 0);
    Set<String> disallowed = new HashSet<>(r.strings("disallowedOutputColumns"));
    Optional<DifferentialPrivacy> dp =
        r.optional("differentialPrivacy")
            .map(n -> differentialPrivacy(new JsonReader(n, r.path() + ".differentialPrivacy")));
    List<QueryTemplate> templates = templates(r);
    r.finish();
    AnalysisRule rule = new AnalysisRule(mode, columns, threshold, disallowed, dp, templates);
    checkConsistent(rule, r.path());
    return rule;
  }

  private static Map<String, ColumnPolicy> columns(JsonReader r) {
    Map<String, ColumnPolicy> out = new LinkedHashMap<>();
    if (r.optional("columns").isEmpty()) {
      return out;
    }
    for (Iterator<String> it = r.fieldNames("columns"); it.hasNext(); ) {
      String name = it.next();
      String path = r.path() + ".columns." + name;
      JsonReader c = new JsonReader(r.required("columns").get(name), path);
      Set<ColumnRole> roles = EnumSet.noneOf(ColumnRole.class);
      for (String role : c.strings("roles")) {
        roles.add(ContractParser.parseEnum(() -> ColumnRole.fromJson(role), path + ".roles"));
      }
      Set<AggregateFunction> functions = EnumSet.noneOf(AggregateFunction.class);
      for (String f : c.strings("functions")) {
        functions.add(ContractParser.parseEnum(() -> AggregateFunction.fromJson(f), path));
      }
      c.finish();
      out.put(name, new ColumnPolicy(roles, functions));
    }
    return out;
  }

  private static DifferentialPrivacy differentialPrivacy(JsonReader r) {
    Map<String, ValueBounds> bounds = new LinkedHashMap<>();
    if (r.optional("bounds").isPresent()) {
      for (Iterator<String> it = r.fieldNames("bounds"); it.hasNext(); ) {
        String column = it.next();
        JsonReader b = new JsonReader(r.required("bounds").get(column), r.path() + "." + column);
        bounds.put(column, build(() -> new ValueBounds(b.number("lower"), b.number("upper")), b));
        b.finish();
      }
    }
    DifferentialPrivacy dp =
        build(
            () ->
                new DifferentialPrivacy(
                    r.number("epsilonPerQuery"),
                    r.number("totalEpsilon"),
                    r.number("delta"),
                    r.integer("maxGroupsContributed", 1),
                    r.integer("maxContributionsPerGroup", 1),
                    bounds),
            r);
    r.finish();
    return dp;
  }

  private static List<QueryTemplate> templates(JsonReader r) {
    List<QueryTemplate> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<JsonNode> items = r.array("templates");
    for (int i = 0; i < items.size(); i++) {
      JsonReader t = new JsonReader(items.get(i), r.path() + ".templates[" + i + "]");
      String id = t.string("id");
      if (!ids.add(id)) {
        throw JsonReader.error(t.path(), "duplicate template id '" + id + "'");
      }
      List<QueryTemplate.ParameterType> params = new ArrayList<>();
      for (String p : t.strings("parameters")) {
        params.add(
            ContractParser.parseEnum(() -> QueryTemplate.ParameterType.valueOf(p), t.path()));
      }
      out.add(new QueryTemplate(id, t.string("sql"), params));
      t.finish();
    }
    return out;
  }

  private static <T> T build(java.util.function.Supplier<T> factory, JsonReader r) {
    try {
      return factory.get();
    } catch (IllegalArgumentException e) {
      throw JsonReader.error(r.path(), e.getMessage());
    }
  }

  private static void checkConsistent(AnalysisRule rule, String path) {
    int identities = 0;
    for (Map.Entry<String, ColumnPolicy> e : rule.columns().entrySet()) {
      ColumnPolicy p = e.getValue();
      String at = path + ".columns." + e.getKey();
      if (p.roles().isEmpty()) {
        throw JsonReader.error(at, "must have at least one role");
      }
      if (p.has(ColumnRole.IDENTITY)) {
        identities++;
      }
      boolean secret = p.has(ColumnRole.IDENTITY) || p.has(ColumnRole.JOIN);
      if (secret && (p.has(ColumnRole.DIMENSION) || p.has(ColumnRole.AGGREGATE))) {
        throw JsonReader.error(at, "identity and join columns cannot be dimensions or aggregates");
      }
      if (p.has(ColumnRole.AGGREGATE) == p.functions().isEmpty()) {
        throw JsonReader.error(at, "aggregate columns, and only they, list their functions");
      }
    }
    if (identities > 1) {
      throw JsonReader.error(path, "at most one identity column");
    }
    if (rule.protectsOutput() && identities == 0) {
      throw JsonReader.error(path, "a threshold or differential privacy needs an identity column");
    }
    boolean template = rule.mode() == AnalysisRule.Mode.TEMPLATE;
    if (template == rule.templates().isEmpty()) {
      throw JsonReader.error(path, "template mode, and only it, lists templates");
    }
    rule.differentialPrivacy().ifPresent(dp -> checkDp(rule, dp, path));
  }

  private static void checkDp(AnalysisRule rule, DifferentialPrivacy dp, String path) {
    for (Map.Entry<String, ColumnPolicy> e : rule.columns().entrySet()) {
      ColumnPolicy p = e.getValue();
      if (p.allows(AggregateFunction.MIN) || p.allows(AggregateFunction.MAX)) {
        throw JsonReader.error(path, "MIN and MAX cannot be used with differential privacy");
      }
      boolean sums = p.allows(AggregateFunction.SUM) || p.allows(AggregateFunction.AVG);
      if (sums && !dp.bounds().containsKey(e.getKey())) {
        throw JsonReader.error(path, "differential privacy needs bounds for '" + e.getKey() + "'");
      }
    }
  }

  static void checkAgainstSchema(AnalysisRule rule, Schema schema, String path) {
    Set<String> fields = new HashSet<>();
    for (Field f : schema.getFields()) {
      fields.add(f.getName());
    }
    Set<String> named = new HashSet<>(rule.columns().keySet());
    named.addAll(rule.disallowedOutputColumns());
    rule.differentialPrivacy().ifPresent(dp -> named.addAll(dp.bounds().keySet()));
    for (String column : named) {
      if (!fields.contains(column)) {
        throw JsonReader.error(path, "column '" + column + "' is not in the dataset's schema");
      }
    }
  }
}
