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
 * interned late and only where needed: conjuncts over non-string columns run first over the whole
 * slice; a string column compared with a few literals ({@code =}, {@code IN}) is matched on its
 * UTF-8 bytes at the rows still selected, without interning; the other conjuncts run on the
 * selected rows only, with their string columns interned for those rows.
 *
 * @param early the conjuncts that read no string column, or empty
 * @param matches string columns compared with literal sets (each with its compiled form, used when
 *     the column arrives dictionary-encoded rather than as raw bytes)
 * @param late the other conjuncts, evaluated on the selected rows
 * @param lateColumns the columns the late conjuncts read
 */
record ScanFilter(
    List<Expr> early, List<LiteralMatch> matches, List<Expr> late, BitSet lateColumns) {

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
    List<Expr> early = new ArrayList<>();
    List<LiteralMatch> matches = new ArrayList<>();
    List<Expr> late = new ArrayList<>();
    BitSet lateColumns = new BitSet();
    for (RexNode c : RelOptUtil.conjunctions(condition)) {
      BitSet refs = RelOptUtil.InputFinder.bits(c).toBitSet();
      boolean readsString = refs.stream().anyMatch(i -> Types.isString(types.get(i)));
      if (!readsString) {
        early.add(compiler.compile(c));
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
    return new ScanFilter(List.copyOf(early), List.copyOf(matches), List.copyOf(late), lateColumns);
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
