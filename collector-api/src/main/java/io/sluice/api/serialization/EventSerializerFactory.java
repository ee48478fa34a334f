package io.sluice.api.serialization;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Makes the serializer of each file a sink opens, configured once from the sink's
 * {@code serializer.*} keys. Thread-safe. Two factories are equal when they make the same
 * serializers (same type, same keys), so a reload that leaves a sink's config alone keeps the sink.
 */
public interface EventSerializerFactory {

  /** A serializer writing to {@code out}, the new file's stream. */
  EventSerializer create(OutputStream out) throws IOException;
}
