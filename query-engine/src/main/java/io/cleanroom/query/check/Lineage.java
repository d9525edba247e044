package io.cleanroom.query.check;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the values of one plan field come from.
 *
 * @param sources every dataset column the values depend on, through any expression
 * @param exact whether each value is a source value copied unchanged (at most a widening cast)
 * @param aggregates the aggregates the values were computed from, if any
 */
public record Lineage(Set<ColumnRef> sources, boolean exact, Set<AggregateUse> aggregates) {

  /** A field that depends on no dataset column (a literal). */
  public static final Lineage CONSTANT = new Lineage(Set.of(), false, Set.of());

  public Lineage {
    sources = Set.copyOf(new TreeSet<>(sources));
    aggregates = Set.copyOf(new TreeSet<>(aggregates));
  }

  /** A column read unchanged. */
  public static Lineage column(ColumnRef ref) {
    return new Lineage(Set.of(ref), true, Set.of());
  }

  /** The lineage of a value computed from the given ones. */
  public static Lineage derived(Collection<Lineage> inputs) {
    Set<ColumnRef> s = new TreeSet<>();
    Set<AggregateUse> a = new TreeSet<>();
    for (Lineage l : inputs) {
      s.addAll(l.sources);
      a.addAll(l.aggregates);
    }
    return new Lineage(s, false, a);
  }

  /** The lineage of a set-operation column fed by both inputs. */
  public Lineage merge(Lineage other) {
    Set<ColumnRef> s = new TreeSet<>(sources);
    s.addAll(other.sources);
    Set<AggregateUse> a = new TreeSet<>(aggregates);
    a.addAll(other.aggregates);
    return new Lineage(s, exact && other.exact, a);
  }

  /** The same sources, no longer an exact copy. */
  public Lineage inexact() {
    return new Lineage(sources, false, aggregates);
  }
}
