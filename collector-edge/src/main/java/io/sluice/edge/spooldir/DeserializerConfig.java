package io.sluice.edge.spooldir;

import io.sluice.api.serialization.EventDeserializerFactory;
import java.nio.charset.Charset;

/**
 * How file bytes become events: the {@code deserializer} key and its {@code deserializer.*} keys.
 *
 * @param type LINE, AVRO, BLOB, or PLUGIN for a class named in {@code deserializer}
 * @param maxLineLength {@code deserializer.maxLineLength} (2048 characters): LINE cuts longer lines
 * @param outputCharset {@code deserializer.outputCharset} (UTF-8): LINE's event body encoding
 * @param maxBlobLength {@code deserializer.maxBlobLength} (100000000 bytes): BLOB's largest event
 * @param schemaType {@code deserializer.schemaType} (HASH): AVRO's schema header
 * @param plugin PLUGIN's deserializers, made by an {@code EventDeserializerResolver} (the Flume
 *     adapter) from the class and all the {@code deserializer.*} keys; null for the others
 */
public record DeserializerConfig(Type type, int maxLineLength, Charset outputCharset, int maxBlobLength,
    SchemaType schemaType, EventDeserializerFactory plugin) {

  /** A built-in deserializer's settings. */
  public DeserializerConfig(Type type, int maxLineLength, Charset outputCharset, int maxBlobLength,
      SchemaType schemaType) {
    this(type, maxLineLength, outputCharset, maxBlobLength, schemaType, null);
  }

  /** The deserializers, with the names Flume accepts for each. */
  public enum Type {
    LINE("org.apache.flume.serialization.LineDeserializer$Builder"),
    AVRO("org.apache.flume.serialization.AvroEventDeserializer$Builder"),
    // Flume's BlobDeserializer is in flume-ng-morphline-solr-sink, not flume-ng-core.
    BLOB("org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder"),
    /** A class named in {@code deserializer}; never matched by name. */
    PLUGIN(null);

    private final String flumeBuilder;

    Type(String flumeBuilder) {
      this.flumeBuilder = flumeBuilder;
    }

    /** The built-in named by a {@code deserializer} value (short name, any case, or Flume's builder class); null if none. */
    public static Type byName(String name) {
      for (Type t : values()) {
        if (t.flumeBuilder != null && (t.name().equalsIgnoreCase(name) || t.flumeBuilder.equals(name))) {
          return t;
        }
      }
      return null;
    }

    public String flumeBuilder() {
      return flumeBuilder;
    }
  }

  /** AVRO's schema header: Flume's {@code flume.avro.schema.hash} or {@code flume.avro.schema.literal}. */
  public enum SchemaType { HASH, LITERAL }
}
