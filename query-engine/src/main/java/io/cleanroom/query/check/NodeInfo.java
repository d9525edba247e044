package io.cleanroom.query.check;

import java.util.Collections;
import java.util.List;

/**
 * What the check knows about one plan node's output.
 *
 * @param zone the kind of rows
 * @param fields the lineage of each output field
 */
record NodeInfo(Zone zone, List<Lineage> fields) {

  NodeInfo {
    fields = List.copyOf(fields);
  }

  static NodeInfo invalid(int width) {
    return new NodeInfo(Zone.INVALID, Collections.nCopies(width, Lineage.CONSTANT));
  }
}
