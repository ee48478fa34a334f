package io.sluice.edge.spooldir;

/**
 * Where reading a file resumes: a byte offset, plus (for Avro) how many records of the block that
 * starts there were already delivered. LINE and BLOB always have {@code skip == 0}.
 */
record SpoolPosition(long offset, long skip) {
  static final SpoolPosition START = new SpoolPosition(0, 0);

  static SpoolPosition at(long offset) {
    return new SpoolPosition(offset, 0);
  }
}
