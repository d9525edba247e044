package io.cleanroom.portal.dataset;

/**
 * A chunk sent at an offset other than the upload's (or while another chunk of it is being
 * written): nothing of it was written; {@link #offset} is where to resume.
 */
public final class OffsetMismatchException extends RuntimeException {

  private final long offset;

  public OffsetMismatchException(long offset) {
    super("the upload is at offset " + offset, null, false, false);
    this.offset = offset;
  }

  /** The upload's current offset. */
  public long offset() {
    return offset;
  }
}
