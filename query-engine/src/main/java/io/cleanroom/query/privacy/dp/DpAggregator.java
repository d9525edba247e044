package io.cleanroom.query.privacy.dp;

import io.cleanroom.query.QueryException;
import io.cleanroom.query.plan.DpAggregate;
import io.cleanroom.query.plan.DpSpec;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The differentially private aggregation of a {@link DpAggregate}: it takes the rows of the node's
 * input as they stream, bounds each identity's contributions, and releases noisy groups once the
 * privacy budget is charged.
 *
 * <p>Use: {@link #forNode} (or the constructor), then {@link #add} for every input row, then {@link
 * #release} once with the {@link BudgetCharge} the ledger returned. Not thread-safe: one instance
 * per query, fed by one thread (or externally synchronised).
 *
 * <p>Semantics, modelled on Google's and BigQuery's differentially private SQL:
 *
 * <ul>
 *   <li>each identity keeps at most {@code maxContributionsPerGroup} rows per group (uniform
 *       reservoir sampling) and at most {@code maxGroupsContributed} groups (chosen uniformly among
 *       its groups at release); {@code SUM}/{@code AVG} arguments are clamped to the call's bounds;
 *   <li>a group is released only if the noisy count of its distinct identities passes the library's
 *       threshold for {@code delta / maxGroupsContributed} (partition selection) and is at least
 *       {@code minimumThreshold}; a global aggregate (no GROUP BY) has one public group, always
 *       considered and never selected by delta;
 *   <li>epsilon is split evenly over that identity count and every other call.
 * </ul>
 *
 * <p>Memory is O(distinct identity-group pairs), see {@link Contributions}.
 *
 * <p><b>Security:</b> releases are (epsilon, delta)-differentially private per identity, for the
 * parameters of the {@link DpSpec}, provided that the rows given to {@link #add} are the node's
 * input and each carries its true identity value (rows without an identity, {@code null}, are
 * treated as one shared identity, which only lowers their influence). All noise and the selection
 * threshold come from Google's differential privacy library. Sampling randomness comes from a
 * generator seeded by {@link SecureRandom}; it affects which rows count, not the privacy bound.
 * Released groups come in random order, since first-seen order would reveal the input's order.
 * Exceptions never carry data values.
 */
public final class DpAggregator {

  private final DpSpec spec;
  private final List<DpCall> calls;
  private final boolean global;
  private final RandomGenerator random;
  private final int[] column;
  private final double[] scratch;
  private final boolean distinctValues;
  private final Map<List<Object>, Integer> groupIds = new HashMap<>();
  private final List<List<Object>> groupKeys = new ArrayList<>();
  private Contributions contributions;

  /**
   * An aggregator for {@code calls} under {@code spec}.
   *
   * @param global whether the aggregate has no GROUP BY: its single group (the empty key) is then
   *     public and always considered, even without rows
   */
  public DpAggregator(DpSpec spec, List<DpCall> calls, boolean global) {
    validate(spec);
    this.spec = spec;
    this.calls = List.copyOf(calls);
    this.global = global;
    this.random = new SplittableRandom(new SecureRandom().nextLong());
    this.column = new int[calls.size()];
    this.scratch = new double[calls.size()];
    int numeric = 0;
    int objects = 0;
    for (int i = 0; i < calls.size(); i++) {
      DpCall c = calls.get(i);
      column[i] =
          c.kind() == DpCall.Kind.COUNT_DISTINCT_VALUES
              ? objects++
              : c.readsValues() ? numeric++ : -1;
    }
    this.distinctValues = objects > 0;
    this.contributions =
        new Contributions(spec.maxContributionsPerGroup(), numeric, objects, random);
    if (global) {
      groupId(List.of());
    }
  }

  /** The aggregator of a plan node. */
  public static DpAggregator forNode(DpAggregate node) {
    return new DpAggregator(node.spec(), DpCall.of(node), node.groupSet().isEmpty());
  }

  /**
   * The id of a group key, assigned on first sight; executors may call it once per distinct key
   * (for example per dictionary code) and then use {@link #add(int, Object, Object...)}.
   *
   * @param key the grouped values (may hold nulls); elements must have value equality
   */
  public int groupId(List<?> key) {
    if (global && !key.isEmpty()) {
      throw new QueryException(
          QueryException.Code.INTERNAL, "a global aggregate has only the empty group key");
    }
    List<Object> copy = Collections.unmodifiableList(Arrays.asList(key.toArray()));
    Integer id = groupIds.get(copy);
    if (id != null) {
      return id;
    }
    groupIds.put(copy, groupKeys.size());
    groupKeys.add(copy);
    return groupKeys.size() - 1;
  }

  /** Adds one input row; see {@link #add(int, Object, Object...)}. */
  public void add(List<?> groupKey, Object identity, Object... args) {
    add(groupId(groupKey), identity, args);
  }

  /**
   * Adds one input row.
   *
   * @param groupId from {@link #groupId}
   * @param identity the privacy unit: {@code Long}, {@code Integer}, {@code String} or any value
   *     with value equality; {@code null} rows share one identity
   * @param args one argument value per call, in call order ({@code null} for SQL NULL and for
   *     {@code COUNT(*)}); {@code SUM} and {@code AVG} need a {@link Number} (NaN counts as NULL)
   */
  public void add(int groupId, Object identity, Object... args) {
    checkRow(groupId, args.length);
    for (int i = 0; i < args.length; i++) {
      if (column[i] >= 0 && calls.get(i).kind() != DpCall.Kind.COUNT_DISTINCT_VALUES) {
        scratch[i] = numeric(calls.get(i).kind(), args[i]);
      }
    }
    store(groupId, open().identity(identity), scratch, args);
  }

  /**
   * Adds one input row without boxing, for vectorized executors.
   *
   * @param groupId from {@link #groupId}
   * @param identity the privacy unit, as the {@code long} it is
   * @param values one value per call, in call order: NaN for SQL NULL; for {@code COUNT(col)} any
   *     other value counts; ignored for {@code COUNT(*)} and {@code COUNT(DISTINCT identity)}
   * @throws QueryException {@code INTERNAL} if a call is {@code COUNT(DISTINCT col)} of a column
   *     other than the identity (use {@link #add(int, Object, Object...)})
   */
  public void add(int groupId, long identity, double[] values) {
    checkRow(groupId, values.length);
    if (distinctValues) {
      throw new QueryException(
          QueryException.Code.INTERNAL, "COUNT(DISTINCT col) needs the argument objects");
    }
    store(groupId, open().identity(identity), values, null);
  }

  private void store(int groupId, int identity, double[] values, Object[] args) {
    Contributions c = open();
    int slot = c.add(groupId, identity);
    if (slot < 0) {
      return;
    }
    int pair = c.lastPair();
    for (int i = 0; i < values.length; i++) {
      if (column[i] < 0) {
        continue;
      }
      if (calls.get(i).kind() == DpCall.Kind.COUNT_DISTINCT_VALUES) {
        c.setObject(pair, slot, column[i], args[i]);
      } else {
        c.setNumeric(pair, slot, column[i], values[i]);
      }
    }
  }

  private void checkRow(int groupId, int arguments) {
    open();
    if (groupId < 0 || groupId >= groupKeys.size()) {
      throw new QueryException(
          QueryException.Code.INTERNAL, "unknown group id: ids come from groupId(key)");
    }
    if (arguments != calls.size()) {
      throw new QueryException(
          QueryException.Code.INTERNAL,
          "expected " + calls.size() + " aggregate arguments, got " + arguments);
    }
  }

  /**
   * Bounds contributions, draws noise and returns the released groups; callable once.
   *
   * @param charge the ledger's charge for this query, covering the spec's epsilon and owners
   * @throws QueryException {@code INTERNAL} if the charge does not cover the query, was used
   *     before, or this aggregator already released
   */
  public DpRelease release(BudgetCharge charge) {
    Contributions c = open();
    charge.spendOn(spec);
    contributions = null;
    Contributions.ByGroup by = c.boundGroups(spec.maxGroupsContributed(), groupKeys.size());
    GroupNoise noise = new GroupNoise(spec, calls, column, c, global);
    List<DpRelease.ReleasedGroup> out = new ArrayList<>();
    int considered = 0;
    for (int g = 0; g < groupKeys.size(); g++) {
      int from = by.offsets()[g];
      int to = by.offsets()[g + 1];
      if (from == to && !global) {
        continue;
      }
      considered++;
      List<Object> key = groupKeys.get(g);
      noise
          .release(by.pairs(), from, to)
          .ifPresent(values -> out.add(new DpRelease.ReleasedGroup(key, values)));
    }
    Collections.shuffle(out, random);
    return new DpRelease(out, considered, charge.epsilon());
  }

  /** The epsilon each mechanism gets: the spec's epsilon over the number of mechanisms. */
  public double epsilonPerMechanism() {
    return spec.epsilon() / GroupNoise.mechanisms(spec, calls, global);
  }

  private Contributions open() {
    if (contributions == null) {
      throw new QueryException(QueryException.Code.INTERNAL, "the aggregation was released");
    }
    return contributions;
  }

  private static double numeric(DpCall.Kind kind, Object value) {
    if (value == null) {
      return Double.NaN;
    }
    if (kind == DpCall.Kind.COUNT_VALUES) {
      return 1;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new QueryException(
        QueryException.Code.INVALID_DATA,
        "a " + kind + " argument of type " + value.getClass().getSimpleName() + " is not a number");
  }

  private static void validate(DpSpec spec) {
    boolean ok =
        spec.epsilon() > 0
            && Double.isFinite(spec.epsilon())
            && spec.delta() > 0
            && spec.delta() < 1
            && spec.maxGroupsContributed() >= 1
            && spec.maxContributionsPerGroup() >= 1
            && (long) spec.maxGroupsContributed() * spec.maxContributionsPerGroup()
                <= Integer.MAX_VALUE
            && spec.minimumThreshold() >= 0;
    if (!ok) {
      throw new QueryException(
          QueryException.Code.INTERNAL, "invalid differential-privacy parameters: " + spec);
    }
  }
}
