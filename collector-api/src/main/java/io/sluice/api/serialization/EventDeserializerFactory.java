package io.sluice.api.serialization;

import java.io.IOException;

/**
 * Makes the deserializer of each file a source reads, configured once from the source's
 * {@code deserializer.*} keys. Thread-safe. Two factories are equal when they make the same
 * deserializers (same type, same keys), so a reload that leaves a source's config alone keeps the
 * source.
 */
public interface EventDeserializerFactory {

  /** A deserializer of {@code input}, positioned at its start offset. */
  EventDeserializer open(DeserializerInput input) throws IOException;
}
