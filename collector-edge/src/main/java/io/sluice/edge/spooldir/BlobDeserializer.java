package io.sluice.edge.spooldir;

import io.sluice.api.Event;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;

/**
 * The whole file as one event (Flume's BlobDeserializer). A file larger than {@code maxBlobLength}
 * bytes becomes several events of at most that size, as in Flume, so nothing is dropped; an empty
 * file yields none.
 */
final class BlobDeserializer implements SpoolDeserializer {
  private static final int INITIAL = 64 * 1024;
  private final FileInput in;
  private final int maxBlobLength;

  BlobDeserializer(FileInput in, int maxBlobLength) {
    this.in = in;
    this.maxBlobLength = maxBlobLength;
  }

  @Override
  public Event next() throws IOException {
    byte[] buf = new byte[Math.min(INITIAL, maxBlobLength)];
    int len = 0;
    while (len < maxBlobLength) {
      if (len == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(maxBlobLength, 2L * len));
      }
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        break;
      }
      len += n;
    }
    return len == 0 ? null : Event.of(new HashMap<>(), len == buf.length ? buf : Arrays.copyOf(buf, len));
  }

  @Override
  public SpoolPosition position() {
    return SpoolPosition.at(in.position());
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
