package com.example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.serialization.EventDeserializer;
import org.apache.flume.serialization.ResettableInputStream;

/**
 * Records of {@code key=value} lines, one record per event, records separated by blank lines: the
 * value of {@code bodyKey} (default {@code body}) is the event body, every other line a header.
 * Reads characters through the stream's {@code readChar}, so the source's {@code inputCharset}
 * applies. Built against Flume 1.11.
 */
public class KeyValueRecordDeserializer implements EventDeserializer {
  private final ResettableInputStream in;
  private final String bodyKey;
  private final int maxLineLength;

  KeyValueRecordDeserializer(ResettableInputStream in, String bodyKey, int maxLineLength) {
    this.in = in;
    this.bodyKey = bodyKey;
    this.maxLineLength = maxLineLength;
  }

  @Override
  public Event readEvent() throws IOException {
    Map<String, String> headers = new HashMap<>();
    String body = null;
    String line;
    while ((line = readLine()) != null) {
      if (line.isEmpty()) {
        if (body != null || !headers.isEmpty()) {
          break;
        }
        continue; // blank lines before a record
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? line : line.substring(0, eq);
      String value = eq < 0 ? "" : line.substring(eq + 1);
      if (key.equals(bodyKey)) {
        body = value;
      } else {
        headers.put(key, value);
      }
    }
    if (body == null && headers.isEmpty()) {
      return null;
    }
    return EventBuilder.withBody(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), headers);
  }

  @Override
  public List<Event> readEvents(int numEvents) throws IOException {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < numEvents; i++) {
      Event e = readEvent();
      if (e == null) {
        break;
      }
      events.add(e);
    }
    return events;
  }

  /** The next line without its terminator, cut at maxLineLength; null at the end of the input. */
  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    boolean any = false;
    while ((c = in.readChar()) != -1) {
      any = true;
      if (c == '\n') {
        break;
      }
      if (sb.length() < maxLineLength) {
        sb.append((char) c);
      }
    }
    if (!any) {
      return null;
    }
    int end = sb.length();
    return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
  }

  @Override
  public void mark() throws IOException {
    in.mark();
  }

  @Override
  public void reset() throws IOException {
    in.reset();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  public static class Builder implements EventDeserializer.Builder {
    @Override
    public EventDeserializer build(Context context, ResettableInputStream in) {
      String bodyKey = context.getString("bodyKey", "body");
      if (bodyKey.isEmpty()) {
        throw new IllegalArgumentException("bodyKey must not be empty");
      }
      int maxLineLength = context.getInteger("maxLineLength", 2048);
      return new KeyValueRecordDeserializer(in, bodyKey, maxLineLength);
    }
  }
}
