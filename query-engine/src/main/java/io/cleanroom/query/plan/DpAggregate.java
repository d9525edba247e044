package io.cleanroom.query.plan;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A differentially private aggregation replacing the privacy aggregate: contributions are bounded
 * per identity, noise is added by Google's differential privacy library, and groups are released
 * only by private partition selection.
 *
 * <p><b>Security:</b> the identity field is read only for contribution bounding and never output.
 * The row type is that of the aggregate the query asked for.
 */
public class DpAggregate extends SingleRel {

  private final ImmutableBitSet groupSet;
  private final List<AggregateCall> calls;
  private final int identityField;
  private final DpSpec spec;
  private final RelDataType outputType;

  public DpAggregate(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      ImmutableBitSet groupSet,
      List<AggregateCall> calls,
      int identityField,
      DpSpec spec,
      RelDataType outputType) {
    super(cluster, traits, input);
    this.groupSet = groupSet;
    this.calls = List.copyOf(calls);
    this.identityField = identityField;
    this.spec = spec;
    this.outputType = outputType;
  }

  public ImmutableBitSet groupSet() {
    return groupSet;
  }

  public List<AggregateCall> calls() {
    return calls;
  }

  public int identityField() {
    return identityField;
  }

  public DpSpec spec() {
    return spec;
  }

  @Override
  protected RelDataType deriveRowType() {
    return outputType;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new DpAggregate(
        getCluster(), traitSet, sole(inputs), groupSet, calls, identityField, spec, outputType);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("group", groupSet)
        .item("calls", calls)
        .item("identity", identityField)
        .item("dp", spec);
  }
}
