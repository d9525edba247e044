package io.cleanroom.query.check;

/**
 * A column of a contract dataset.
 *
 * @param dataset the dataset id
 * @param column the column name
 */
public record ColumnRef(String dataset, String column) implements Comparable<ColumnRef> {

  @Override
  public int compareTo(ColumnRef o) {
    int c = dataset.compareTo(o.dataset);
    return c != 0 ? c : column.compareTo(o.column);
  }

  @Override
  public String toString() {
    return dataset + "." + column;
  }
}
