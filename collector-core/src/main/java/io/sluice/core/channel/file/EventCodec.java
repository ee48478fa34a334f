package io.sluice.core.channel.file;

import io.sluice.api.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An event's bytes inside a PUT record: {@code int headerCount, (int len, utf8 key, int len, utf8
 * value)*, int bodyLength, body}. Stateless; thread-safe.
 */
final class EventCodec {
  private EventCodec() {}

  /** Appends {@code event} to {@code buf}, which must have room for {@link #maxSize}. */
  static void write(ByteBuffer buf, Event event, byte[][] encodedHeaders) {
    buf.putInt(encodedHeaders.length / 2);
    for (byte[] part : encodedHeaders) {
      buf.putInt(part.length).put(part);
    }
    byte[] body = event.getBody();
    buf.putInt(body.length).put(body);
  }

  /** Keys and values as UTF-8, alternating; encoded once so the size is known before writing. */
  static byte[][] encodeHeaders(Event event) {
    Map<String, String> headers = event.getHeaders();
    byte[][] out = new byte[headers.size() * 2][];
    int i = 0;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      out[i++] = h.getKey().getBytes(StandardCharsets.UTF_8);
      out[i++] = h.getValue().getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  static int size(Event event, byte[][] encodedHeaders) {
    int size = 4 + 4 + event.getBody().length;
    for (byte[] part : encodedHeaders) {
      size += 4 + part.length;
    }
    return size;
  }

  /** Reads an event from {@code buf} at its position; throws IllegalArgumentException if malformed. */
  static Event read(ByteBuffer buf) {
    int count = buf.getInt();
    if (count < 0 || count > buf.remaining() / 8) {
      throw new IllegalArgumentException("bad header count " + count);
    }
    Map<String, String> headers = new HashMap<>(Math.max(4, count * 2));
    for (int i = 0; i < count; i++) {
      headers.put(string(buf), string(buf));
    }
    int length = buf.getInt();
    if (length < 0 || length > buf.remaining()) {
      throw new IllegalArgumentException("bad body length " + length);
    }
    byte[] body = new byte[length];
    buf.get(body);
    return Event.of(headers, body);
  }

  private static String string(ByteBuffer buf) {
    int length = buf.getInt();
    if (length < 0 || length > buf.remaining()) {
      throw new IllegalArgumentException("bad string length " + length);
    }
    String s = new String(buf.array(), buf.arrayOffset() + buf.position(), length,
        StandardCharsets.UTF_8);
    buf.position(buf.position() + length);
    return s;
  }
}
