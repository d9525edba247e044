package io.cleanroom.query.check;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.plan.GroupThreshold;

/** The JSON form of a {@link CheckReport}, as the CLI prints it and the portal stores it. */
public final class CheckReportJson {

  private CheckReportJson() {}

  /** The report as a JSON object. */
  public static ObjectNode toJson(CheckReport r) {
    ObjectNode o = CanonicalJson.mapper().createObjectNode();
    o.put("verdict", r.allowed() ? "allowed" : "refused");
    ArrayNode reasons = o.putArray("refusals");
    r.refusals()
        .forEach(x -> reasons.addObject().put("code", x.code().name()).put("message", x.message()));
    o.put("contractId", r.contractId());
    r.normalizedSql().ifPresent(s -> o.put("normalizedSql", s));
    ArrayNode params = o.putArray("parameters");
    r.parameters().forEach(params::add);
    r.fingerprint().ifPresent(f -> o.put("fingerprint", f));
    o.put("engineVersion", r.engineVersion());
    r.template().ifPresent(t -> o.put("template", t));
    ArrayNode datasets = o.putArray("datasets");
    for (CheckReport.DatasetRead d : r.datasets()) {
      ObjectNode dn = datasets.addObject().put("dataset", d.dataset()).put("owner", d.owner());
      ArrayNode cols = dn.putArray("columns");
      for (CheckReport.ColumnRead c : d.columns()) {
        ObjectNode cn = cols.addObject().put("column", c.column());
        c.roles().forEach(cn.putArray("roles")::add);
        c.uses().forEach(cn.putArray("uses")::add);
      }
    }
    ArrayNode outputs = o.putArray("outputs");
    for (OutputColumn c : r.outputs()) {
      ObjectNode cn = outputs.addObject().put("name", c.name()).put("type", c.type());
      ArrayNode from = cn.putArray("derivedFrom");
      c.lineage().sources().stream().sorted().forEach(s -> from.add(s.toString()));
      ArrayNode aggs = cn.putArray("aggregates");
      c.lineage().aggregates().stream().sorted().forEach(a -> aggs.add(a.toString()));
    }
    ArrayNode thresholds = o.putArray("thresholds");
    for (GroupThreshold t : r.thresholds()) {
      ObjectNode tn = thresholds.addObject().put("minimumDistinctIdentities", t.minimum());
      t.datasets().forEach(tn.putArray("datasets")::add);
    }
    r.differentialPrivacy()
        .ifPresent(
            d -> {
              ObjectNode dn = o.putObject("differentialPrivacy");
              dn.put("epsilon", d.epsilon())
                  .put("delta", d.delta())
                  .put("maxGroupsContributed", d.maxGroupsContributed())
                  .put("maxContributionsPerGroup", d.maxContributionsPerGroup())
                  .put("minimumNoisyIdentities", d.minimumThreshold());
              d.owners().forEach(dn.putArray("chargedTo")::add);
            });
    r.summary().forEach(o.putArray("summary")::add);
    return o;
  }
}
