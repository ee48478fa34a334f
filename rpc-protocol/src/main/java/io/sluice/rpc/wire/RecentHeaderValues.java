package io.sluice.rpc.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The header values of the last event one decoder read, by the header's place in it: a value whose
 * bytes equal those of the previous event's value for the same name at the same place is that
 * string again, not a new one (the topic, the partition, a source's fixed headers repeat from
 * record to record). A value that differs is decoded as usual and its bytes copied into the
 * place's own array, so a miss makes nothing more than a plain decode does. Values longer than
 * {@link #MAX_BYTES} are never held. Not thread-safe: one per decoding thread (a consumer's).
 */
public final class RecentHeaderValues {
  /** The places held: a record's first few headers. */
  static final int PLACES = 8;
  /** Longer values are decoded every time, so one odd record cannot make a place hold much. */
  static final int MAX_BYTES = 64;
  private final String[] names = new String[PLACES];
  private final String[] values = new String[PLACES];
  private final byte[][] bytes = new byte[PLACES][];
  private final int[] lengths = new int[PLACES];

  /** Header {@code name}'s value at {@code place}: the {@code length} bytes of {@code buf} at {@code index}. */
  String value(int place, String name, ByteBuf buf, int index, int length) {
    if (place >= PLACES || length > MAX_BYTES) {
      return buf.toString(index, length, StandardCharsets.UTF_8);
    }
    if (lengths[place] == length && name.equals(names[place])
        && BufferBytes.equalAt(buf, index, bytes[place], length)) {
      return values[place];
    }
    String value = buf.toString(index, length, StandardCharsets.UTF_8);
    if (bytes[place] == null) {
      bytes[place] = new byte[MAX_BYTES];
    }
    buf.getBytes(index, bytes[place], 0, length);
    names[place] = name;
    values[place] = value;
    lengths[place] = length;
    return value;
  }
}
