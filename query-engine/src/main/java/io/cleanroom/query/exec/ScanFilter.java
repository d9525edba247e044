package io.cleanroom.query.exec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * A scan's pushed-down filter, split into its conjuncts by what they read, so that strings are
 * interned late and only where needed: comparisons of a column with a constant narrow a selection
 * of rows first, the other conjuncts over non-string columns then run over the whole slice; a
 * string column compared with a few literals ({@code =}, {@code IN}) is matched on its UTF-8 bytes
 * at the rows still selected, without interning; the other conjuncts run on the selected rows only,
 * with their string columns interned for those rows.
 *
 * @param comparisons exact columns compared with constants, applied first
 * @param early the other conjuncts that read no string column, or empty
 * @param matches string columns compared with literal sets (each with its compiled form, used when
 *     the column arrives dictionary-encoded rather than as raw bytes)
 * @param late the other conjuncts, evaluated on the selected rows
 * @param lateColumns the columns the late conjuncts read
 */
record ScanFilter(
    List<Comparison> comparisons,
    List<Expr> early,
    List<LiteralMatch> matches,
    List<Expr> late,
    BitSet lateColumns) {

  /**
   * An exact column (integers, decimals, dates, timestamps) compared with a constant at the
   * column's scale: narrows a selection of rows in one loop, without intermediate columns.
   *
   * @param field the column
   * @param op the comparison ({@link Kernels#EQ} … {@link Kernels#GE}), column on the left
   * @param constant the constant, at the column's scale
   */
  record Comparison(int field, int op, long constant) {

    /**
     * Keeps, of the rows {@code sel[0..n)} (all rows {@code 0..n)} when {@code sel} is null), those
     * where the comparison is true (never a null); writes them to {@code out}, returns their
     * number.
     */
    int filter(Vec col, int[] sel, int n, int[] out) {
      long[] v = col.longs;
      boolean[] nulls = col.nulls;
      long k = constant;
      int w = 0;
      for (int j = 0; j < n; j++) {
        int i = sel == null ? j : sel[j];
        long x = v[i];
        boolean t =
            switch (op) {
              case Kernels.EQ -> x == k;
              case Kernels.NE -> x != k;
              case Kernels.LT -> x < k;
              case Kernels.LE -> x <= k;
              case Kernels.GT -> x > k;
              default -> x >= k;
            };
        out[w] = i;
        w += t && (nulls == null || !nulls[i]) ? 1 : 0;
      }
      return w;
    }
  }

  /** Most literals matched byte by byte; longer lists go through the dictionary. */
  static final int MAX_LITERALS = 16;

  /**
   * A string column that must equal one of a few literals.
   *
   * @param field the column
   * @param literals the literals' UTF-8 bytes
   * @param compiled the same conjunct compiled as an expression
   */
  record LiteralMatch(int field, byte[][] literals, Expr compiled) {

    /**
     * Keeps, of the rows {@code sel[0..n)} (all rows {@code 0..n)} when {@code sel} is null), those
     * whose string equals a literal; writes them to {@code out} and returns their number.
     */
    int filter(ArrowColumns.RawStrings s, int[] sel, int n, int[] out) {
      int[] off = s.offsets();
      byte[] bytes = s.bytes();
      boolean[] nulls = s.nulls();
      byte[][] lits = literals;
      int w = 0;
      for (int j = 0; j < n; j++) {
        int i = sel == null ? j : sel[j];
        if (nulls != null && nulls[i]) {
          continue;
        }
        int from = off[i];
        int len = off[i + 1] - from;
        for (byte[] lit : lits) {
          if (lit.length == len && java.util.Arrays.equals(bytes, from, from + len, lit, 0, len)) {
            out[w++] = i;
            break;
          }
        }
      }
      return w;
    }
  }

  /** Splits and compiles {@code condition} over columns of {@code types}. */
  static ScanFilter compile(
      ExprCompiler compiler, RexBuilder rex, RexNode condition, List<RelDataType> types) {
    List<Comparison> comparisons = new ArrayList<>();
    List<Expr> early = new ArrayList<>();
    List<LiteralMatch> matches = new ArrayList<>();
    List<Expr> late = new ArrayList<>();
    BitSet lateColumns = new BitSet();
    for (RexNode c : RelOptUtil.conjunctions(condition)) {
      BitSet refs = RelOptUtil.InputFinder.bits(c).toBitSet();
      boolean readsString = refs.stream().anyMatch(i -> Types.isString(types.get(i)));
      if (!readsString) {
        Comparison cmp = comparison(compiler, c, types);
        if (cmp != null) {
          comparisons.add(cmp);
        } else {
          early.add(compiler.compile(c));
        }
        continue;
      }
      LiteralMatch m = literalMatch(compiler, rex, c);
      if (m != null) {
        matches.add(m);
        lateColumns.set(m.field());
      } else {
        late.add(compiler.compile(c));
        lateColumns.or(refs);
      }
    }
    return new ScanFilter(
        List.copyOf(comparisons),
        List.copyOf(early),
        List.copyOf(matches),
        List.copyOf(late),
        lateColumns);
  }

  /**
   * {@code col op constant} (or {@code constant op col}) on an exact column, with the constant
   * exact at the column's scale, or null.
   */
  private static Comparison comparison(ExprCompiler compiler, RexNode c, List<RelDataType> types) {
    int op =
        switch (c.getKind()) {
          case EQUALS -> Kernels.EQ;
          case NOT_EQUALS -> Kernels.NE;
          case LESS_THAN -> Kernels.LT;
          case LESS_THAN_OR_EQUAL -> Kernels.LE;
          case GREATER_THAN -> Kernels.GT;
          case GREATER_THAN_OR_EQUAL -> Kernels.GE;
          default -> -1;
        };
    if (op < 0) {
      return null;
    }
    RexNode a = ((RexCall) c).getOperands().get(0);
    RexNode b = ((RexCall) c).getOperands().get(1);
    if (!(a instanceof RexInputRef) && b instanceof RexInputRef) {
      RexNode t = a;
      a = b;
      b = t;
      op = flip(op);
    }
    if (!(a instanceof RexInputRef ref) || !RexUtil.isConstant(b)) {
      return null;
    }
    RelDataType ta = types.get(ref.getIndex());
    RelDataType tb = b.getType();
    boolean exact = !Types.isDouble(ta) && !Types.isDouble(tb);
    boolean comparable =
        (Types.isExactNumeric(ta) && Types.isExactNumeric(tb))
            || (ta.getSqlTypeName() == tb.getSqlTypeName() && !Types.isString(ta));
    if (!exact || !comparable || Types.scale(tb) > Types.scale(ta)) {
      return null;
    }
    if (!(compiler.compile(b) instanceof Const k) || k.isNull) {
      return null;
    }
    long[] v = Kernels.rescale(new long[] {k.longValue}, 1, Types.scale(tb), Types.scale(ta));
    return new Comparison(ref.getIndex(), op, v[0]);
  }

  private static int flip(int op) {
    return switch (op) {
      case Kernels.LT -> Kernels.GT;
      case Kernels.LE -> Kernels.GE;
      case Kernels.GT -> Kernels.LT;
      case Kernels.GE -> Kernels.LE;
      default -> op;
    };
  }

  /** {@code col = 'a'}, {@code col IN ('a', 'b')} on one plain string column, or null. */
  private static LiteralMatch literalMatch(ExprCompiler compiler, RexBuilder rex, RexNode c) {
    RexNode e = c.getKind() == SqlKind.SEARCH ? RexUtil.expandSearch(rex, null, c) : c;
    List<RexNode> alternatives =
        e.getKind() == SqlKind.OR ? ((RexCall) e).getOperands() : List.of(e);
    if (alternatives.size() > MAX_LITERALS) {
      return null;
    }
    int field = -1;
    List<byte[]> literals = new ArrayList<>();
    for (RexNode alt : alternatives) {
      if (alt.getKind() != SqlKind.EQUALS) {
        return null;
      }
      List<RexNode> ops = ((RexCall) alt).getOperands();
      RexNode a = ops.get(0);
      RexNode b = ops.get(1);
      if (a instanceof RexLiteral) {
        RexNode t = a;
        a = b;
        b = t;
      }
      if (!(a instanceof RexInputRef ref)
          || !(b instanceof RexLiteral lit)
          || lit.isNull()
          || !Types.isString(ref.getType())
          || !Types.isString(lit.getType())
          || (field >= 0 && field != ref.getIndex())) {
        return null;
      }
      field = ref.getIndex();
      String value = ExprCompiler.stringLiteral(lit);
      literals.add(value.getBytes(StandardCharsets.UTF_8));
    }
    return new LiteralMatch(field, literals.toArray(byte[][]::new), compiler.compile(c));
  }
}
