package io.sluice.edge.spooldir;

import java.io.IOException;

/** Bytes the input charset cannot decode, with {@code decodeErrorPolicy = FAIL}; names the offset. */
final class DecodeFailure extends IOException {
  private static final long serialVersionUID = 1L;

  DecodeFailure(String message) {
    super(message);
  }
}
