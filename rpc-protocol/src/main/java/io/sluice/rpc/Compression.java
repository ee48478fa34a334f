package io.sluice.rpc;

/**
 * Stream compression of a connection, Flume's {@code compression-type}. {@link #DEFLATE} is one
 * zlib-wrapped (RFC 1950) stream per direction, flushed at every write, layered outside TLS.
 */
public enum Compression {
  NONE,
  DEFLATE;

  /** Parses Flume's {@code compression-type} value ({@code none} or {@code deflate}). */
  public static Compression fromFlumeName(String value) {
    for (Compression c : values()) {
      if (c.name().equalsIgnoreCase(value.trim())) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "compression-type must be 'none' or 'deflate', not '" + value + "'");
  }
}
