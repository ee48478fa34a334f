package io.sluice.aggregator.hdfs;

import io.sluice.api.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Flume's {@code text} serializer (the body, then a newline) and {@code header_and_text} (the
 * headers as {@code {k=v, k2=v2}}, a space, the body, a newline). Not thread-safe.
 */
final class TextEventSerializer implements EventSerializer {
  private final boolean withHeaders;
  private final boolean appendNewline;
  private OutputStream out;

  TextEventSerializer(boolean withHeaders, boolean appendNewline) {
    this.withHeaders = withHeaders;
    this.appendNewline = appendNewline;
  }

  @Override
  public void open(OutputStream stream) {
    this.out = stream;
  }

  @Override
  public void write(Event event) throws IOException {
    if (withHeaders) {
      out.write((event.getHeaders() + " ").getBytes(StandardCharsets.UTF_8));
    }
    out.write(event.getBody());
    if (appendNewline) {
      out.write('\n');
    }
  }

  @Override
  public void flush() {}

  @Override
  public void finish() {}
}
