package io.sluice.core.channel.file;

import io.sluice.api.Event;
import io.sluice.api.SimpleEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An event's bytes inside a PUT record: {@code int headerCount, (int len, utf8 key, int len, utf8
 * value)*, int bodyLength, body}. Encodes straight into the transaction's buffer (heap or direct;
 * no per-header byte arrays, one copy of the body) and decodes from any buffer, building each
 * header string and the header map once. Stateless; thread-safe.
 */
final class EventCodec {
  private EventCodec() {}

  /** Most bytes {@link #write} needs for {@code event} (a UTF-8 char takes at most 3 bytes). */
  static int maxSize(Event event) {
    Map<String, String> headers = event.getHeaders();
    long size = 4 + 4 + (long) event.getBody().length;
    // Most events from the wire have no headers: an empty map's iterator still scans its table.
    if (!headers.isEmpty()) {
      for (Map.Entry<String, String> h : headers.entrySet()) {
        size += 8 + 3L * h.getKey().length() + 3L * h.getValue().length();
      }
    }
    if (size >= LogRecord.MAX_LENGTH) {
      throw new IllegalArgumentException("event of " + size + " bytes is too large for the file"
          + " channel's log (largest record: " + (LogRecord.MAX_LENGTH >> 20) + " MiB)");
    }
    return (int) size;
  }

  /** Appends {@code event} at the buffer's position; it must have room for {@link #maxSize}. */
  static void write(ByteBuffer buf, Event event) {
    Map<String, String> headers = event.getHeaders();
    buf.putInt(headers.size());
    if (!headers.isEmpty()) {
      for (Map.Entry<String, String> h : headers.entrySet()) {
        putString(buf, h.getKey());
        putString(buf, h.getValue());
      }
    }
    byte[] body = event.getBody();
    buf.putInt(body.length).put(body);
  }

  private static void putString(ByteBuffer buf, String s) {
    int lengthAt = buf.position();
    int n = s.length();
    buf.position(lengthAt + 4);
    int i = 0;
    // ASCII (the common case for header keys and values): one byte per char, no array.
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        break;
      }
      buf.put((byte) c);
    }
    if (i < n) {
      buf.put(s.substring(i).getBytes(StandardCharsets.UTF_8));
    }
    buf.putInt(lengthAt, buf.position() - lengthAt - 4);
  }

  /**
   * Reads an event from {@code buf} at its position (heap or direct); {@code scratch} is a
   * reusable array for decoding strings out of a direct buffer (may be null, then allocated).
   * Throws IllegalArgumentException if malformed.
   */
  static Event read(ByteBuffer buf, byte[][] scratch) {
    int count = buf.getInt();
    if (count < 0 || count > buf.remaining() / 8) {
      throw new IllegalArgumentException("bad header count " + count);
    }
    // Built once, handed to the event as is (Event.of would copy it); none for an event without
    // headers (most from the wire): the event makes an empty map only if one is asked for.
    Map<String, String> headers = null;
    if (count > 0) {
      headers = new HashMap<>(count <= 3 ? 4 : (int) (count / 0.75f) + 1);
      for (int i = 0; i < count; i++) {
        String key = string(buf, scratch);
        headers.put(key, string(buf, scratch));
      }
    }
    int length = buf.getInt();
    if (length < 0 || length > buf.remaining()) {
      throw new IllegalArgumentException("bad body length " + length);
    }
    byte[] body = new byte[length];
    buf.get(body);
    return new SimpleEvent(headers, body);
  }

  private static String string(ByteBuffer buf, byte[][] scratch) {
    int length = buf.getInt();
    if (length < 0 || length > buf.remaining()) {
      throw new IllegalArgumentException("bad string length " + length);
    }
    String s;
    if (buf.hasArray()) {
      s = new String(buf.array(), buf.arrayOffset() + buf.position(), length,
          StandardCharsets.UTF_8);
      buf.position(buf.position() + length);
    } else {
      byte[] tmp = scratch == null ? null : scratch[0];
      if (tmp == null || tmp.length < length) {
        tmp = new byte[Math.max(length, 256)];
        if (scratch != null) {
          scratch[0] = tmp;
        }
      }
      buf.get(tmp, 0, length);
      s = new String(tmp, 0, length, StandardCharsets.UTF_8);
    }
    return s;
  }
}
