package com.example;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.serialization.EventSerializer;

/**
 * Writes a file as "# begin <title>", then one "n<delimiter>headers<delimiter>body" line per event
 * (headers sorted, n counting from 1 in the file), then "# end <n> events" when the sink closes
 * the file. Keys: {@code title} (required), {@code delimiter} (default "|"). Built against Flume
 * 1.11's API, for the hdfs and file_roll sinks' {@code serializer} key.
 */
public class FramedLineSerializer implements EventSerializer {
  private final OutputStream out;
  private final String title;
  private final String delimiter;
  private long written;

  FramedLineSerializer(OutputStream out, String title, String delimiter) {
    this.out = out;
    this.title = title;
    this.delimiter = delimiter;
  }

  @Override
  public void afterCreate() throws IOException {
    line("# begin " + title);
  }

  @Override
  public void afterReopen() {
    throw new UnsupportedOperationException("FramedLineSerializer does not reopen files");
  }

  @Override
  public void write(Event event) throws IOException {
    written++;
    Map<String, String> headers = new TreeMap<>(event.getHeaders());
    line(written + delimiter + headers + delimiter
        + new String(event.getBody(), StandardCharsets.UTF_8));
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void beforeClose() throws IOException {
    line("# end " + written + " events");
  }

  @Override
  public boolean supportsReopen() {
    return false;
  }

  private void line(String text) throws IOException {
    out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Named in the sink's serializer key, as Flume's config names serializers. */
  public static class Builder implements EventSerializer.Builder {
    @Override
    public EventSerializer build(Context context, OutputStream out) {
      String title = context.getString("title");
      if (title == null || title.isEmpty()) {
        throw new IllegalArgumentException("serializer.title is required");
      }
      return new FramedLineSerializer(out, title, context.getString("delimiter", "|"));
    }
  }
}
