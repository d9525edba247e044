package io.cleanroom.query.check;

/** What kind of rows a plan node produces, as far as the rules are concerned. */
enum Zone {
  /** Rows that contain no dataset data (literals, VALUES). */
  PUBLIC,
  /** Dataset rows that are not yet aggregated. */
  RAW,
  /** Rows derived from the one privacy aggregate (thresholded before anything reads them). */
  RELEASED,
  /** A subtree already refused; its parents add no further reasons. */
  INVALID;

  /** The zone of a node that combines rows of both zones. */
  Zone combine(Zone other) {
    if (this == INVALID || other == INVALID) {
      return INVALID;
    }
    if (this == PUBLIC) {
      return other;
    }
    if (other == PUBLIC || other == this) {
      return this;
    }
    return INVALID; // RAW with RELEASED: the caller reports it
  }
}
