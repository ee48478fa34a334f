package io.sluice.core.serialization;

import io.sluice.api.Event;
import io.sluice.api.serialization.EventSerializer;
import io.sluice.api.serialization.EventSerializerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Flume's {@code TEXT} serializer (the body, then a newline) and {@code HEADER_AND_TEXT} (the
 * headers as {@code {k=v, k2=v2}}, a space, the body, a newline). Immutable.
 *
 * @param withHeaders HEADER_AND_TEXT rather than TEXT
 * @param appendNewline {@code serializer.appendNewline}
 */
public record TextSerializerFactory(boolean withHeaders, boolean appendNewline)
    implements EventSerializerFactory {

  @Override
  public EventSerializer create(OutputStream out) {
    return new EventSerializer() {
      @Override
      public void afterCreate() {}

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
      public void beforeClose() {}
    };
  }
}
