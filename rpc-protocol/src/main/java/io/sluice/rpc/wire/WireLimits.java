package io.sluice.rpc.wire;

/**
 * Size limits applied while decoding, before anything is allocated.
 *
 * @param maxFrameBytes largest frame (all buffers plus their 4-byte length prefixes)
 * @param maxEventsPerBatch most events in one {@code appendBatch}
 * @param maxEventBytes largest event body
 */
public record WireLimits(int maxFrameBytes, int maxEventsPerBatch, int maxEventBytes) {
  public WireLimits {
    if (maxFrameBytes < 64 || maxEventsPerBatch < 1 || maxEventBytes < 0) {
      throw new IllegalArgumentException(
          "limits must be positive: maxFrameBytes=" + maxFrameBytes
              + " maxEventsPerBatch=" + maxEventsPerBatch + " maxEventBytes=" + maxEventBytes);
    }
  }
}
