package io.sluice.rpc.wire;

/**
 * Size limits applied while decoding, before anything is allocated.
 *
 * @param maxFrameBytes largest frame (all buffers plus their 4-byte length prefixes)
 * @param maxEventsPerBatch most events in one {@code appendBatch}
 * @param maxEventBytes largest event body
 * @param maxHeadersPerEvent most headers in one event
 * @param maxHeaderBytesPerEvent most bytes of header names and values (UTF-8) in one event
 */
public record WireLimits(int maxFrameBytes, int maxEventsPerBatch, int maxEventBytes,
    int maxHeadersPerEvent, int maxHeaderBytesPerEvent) {
  public WireLimits {
    if (maxFrameBytes < 64 || maxEventsPerBatch < 1 || maxEventBytes < 0
        || maxHeadersPerEvent < 0 || maxHeaderBytesPerEvent < 0) {
      throw new IllegalArgumentException(
          "limits must be positive: maxFrameBytes=" + maxFrameBytes
              + " maxEventsPerBatch=" + maxEventsPerBatch + " maxEventBytes=" + maxEventBytes
              + " maxHeadersPerEvent=" + maxHeadersPerEvent
              + " maxHeaderBytesPerEvent=" + maxHeaderBytesPerEvent);
    }
  }

  /** Limits with headers bounded only by the frame (for trusted inputs). */
  public WireLimits(int maxFrameBytes, int maxEventsPerBatch, int maxEventBytes) {
    this(maxFrameBytes, maxEventsPerBatch, maxEventBytes, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }
}
