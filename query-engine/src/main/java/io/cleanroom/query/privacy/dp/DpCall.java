package io.cleanroom.query.privacy.dp;

import io.cleanroom.query.QueryException;
import io.cleanroom.query.contract.ValueBounds;
import io.cleanroom.query.plan.DpAggregate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.core.AggregateCall;

/**
 * One aggregate computed with differential privacy, as the {@link DpAggregator} understands it.
 *
 * @param kind what is computed
 * @param bounds the clamping range of the argument; present exactly for {@code SUM} and {@code AVG}
 */
public record DpCall(Kind kind, Optional<ValueBounds> bounds) {

  /** The aggregates differential privacy supports. */
  public enum Kind {
    /** {@code COUNT(*)}: the rows of the group. */
    COUNT_ROWS,
    /** {@code COUNT(col)}: the rows whose argument is not null. */
    COUNT_VALUES,
    /**
     * {@code COUNT(DISTINCT identity)}: the distinct privacy units of the group. Its argument is
     * ignored; it is released from the same noisy count that selects the group.
     */
    COUNT_DISTINCT_IDENTITIES,
    /** {@code COUNT(DISTINCT col)} of another column: distinct non-null values after bounding. */
    COUNT_DISTINCT_VALUES,
    /** {@code SUM(col)} of clamped values. */
    SUM,
    /** {@code AVG(col)} of clamped values. */
    AVG
  }

  public DpCall {
    boolean numeric = kind == Kind.SUM || kind == Kind.AVG;
    if (numeric && bounds.isEmpty()) {
      throw new QueryException(
          QueryException.Code.INTERNAL,
          kind
              + " under differential privacy needs value bounds; the check should have refused it");
    }
    if (!numeric && bounds.isPresent()) {
      bounds = Optional.empty();
    }
  }

  /** A call without bounds ({@code COUNT} variants). */
  public static DpCall of(Kind kind) {
    return new DpCall(kind, Optional.empty());
  }

  /** A {@code SUM} or {@code AVG} clamped to {@code bounds}. */
  public static DpCall of(Kind kind, ValueBounds bounds) {
    return new DpCall(kind, Optional.of(bounds));
  }

  /** Whether the aggregator keeps a sampled argument value of each row for this call. */
  boolean readsValues() {
    return kind == Kind.COUNT_VALUES
        || kind == Kind.COUNT_DISTINCT_VALUES
        || kind == Kind.SUM
        || kind == Kind.AVG;
  }

  /**
   * The calls of a plan node, in order: {@code COUNT(DISTINCT x)} counts privacy units when {@code
   * x} is the node's identity field, distinct values otherwise.
   *
   * @throws QueryException {@code UNSUPPORTED} for an aggregate the check should have refused
   */
  public static List<DpCall> of(DpAggregate node) {
    List<DpCall> out = new ArrayList<>();
    List<AggregateCall> calls = node.calls();
    for (int i = 0; i < calls.size(); i++) {
      AggregateCall call = calls.get(i);
      Optional<ValueBounds> b =
          i < node.spec().bounds().size() ? node.spec().bounds().get(i) : Optional.empty();
      out.add(of(call, node.identityField(), b));
    }
    return List.copyOf(out);
  }

  private static DpCall of(AggregateCall call, int identityField, Optional<ValueBounds> bounds) {
    if (call.filterArg >= 0 || call.getArgList().size() > 1) {
      throw unsupported(call);
    }
    List<Integer> args = call.getArgList();
    return switch (call.getAggregation().getKind()) {
      case COUNT -> {
        if (args.isEmpty()) {
          yield of(Kind.COUNT_ROWS);
        }
        if (!call.isDistinct()) {
          yield of(Kind.COUNT_VALUES);
        }
        yield of(
            args.get(0) == identityField
                ? Kind.COUNT_DISTINCT_IDENTITIES
                : Kind.COUNT_DISTINCT_VALUES);
      }
      case SUM, SUM0 -> numeric(call, Kind.SUM, bounds);
      case AVG -> numeric(call, Kind.AVG, bounds);
      default -> throw unsupported(call);
    };
  }

  private static DpCall numeric(AggregateCall call, Kind kind, Optional<ValueBounds> bounds) {
    if (call.isDistinct() || call.getArgList().isEmpty()) {
      throw unsupported(call);
    }
    return new DpCall(kind, bounds);
  }

  private static QueryException unsupported(AggregateCall call) {
    return new QueryException(
        QueryException.Code.UNSUPPORTED,
        "the aggregate "
            + call.getAggregation().getName()
            + " cannot be computed with differential privacy");
  }
}
