package io.cleanroom.query.plan;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The output threshold: drops the groups of the privacy aggregate whose hidden distinct-identity
 * counts are below the minimum, counts the dropped groups, and removes the hidden counts.
 *
 * <p><b>Security:</b> this node sits directly on the privacy aggregate, so that nothing in the
 * query (HAVING, ORDER BY, LIMIT, window functions, further aggregation) ever sees a suppressed
 * group or a hidden count. Its input's first {@code visibleFields} fields are the aggregate the
 * query asked for; the rest are counts it did not ask for and never receives.
 */
public class SuppressSmallGroups extends SingleRel {

  private final int visibleFields;
  private final List<GroupThreshold> thresholds;

  public SuppressSmallGroups(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      int visibleFields,
      List<GroupThreshold> thresholds) {
    super(cluster, traits, input);
    this.visibleFields = visibleFields;
    this.thresholds = List.copyOf(thresholds);
  }

  /** The number of leading input fields that are output. */
  public int visibleFields() {
    return visibleFields;
  }

  /** The conditions a group must meet. */
  public List<GroupThreshold> thresholds() {
    return thresholds;
  }

  @Override
  protected RelDataType deriveRowType() {
    RelDataType in = getInput().getRowType();
    return getCluster()
        .getTypeFactory()
        .createStructType(in.getFieldList().subList(0, visibleFields));
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new SuppressSmallGroups(getCluster(), traitSet, sole(inputs), visibleFields, thresholds);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("keep", visibleFields).item("thresholds", thresholds);
  }
}
