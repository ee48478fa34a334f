package io.sluice.aggregator.hdfs;

import io.sluice.api.serialization.EventSerializerFactory;
import io.sluice.core.serialization.AvroEventSerializerFactory;
import io.sluice.core.serialization.TextSerializerFactory;
import java.util.Locale;

/**
 * Flume's {@code serializer} key and its options; makes one {@link EventSerializer} per file.
 * Immutable; thread-safe.
 *
 * @param name {@code text}, {@code header_and_text} or {@code avro_event} (lower case), or the
 *     class named in {@code serializer}
 * @param appendNewline {@code serializer.appendNewline} (text formats)
 * @param avroCodec {@code serializer.compressionCodec} (avro_event): {@code null}, {@code deflate},
 *     {@code snappy}, {@code bzip2}, {@code xz} or {@code zstandard}
 * @param avroSyncIntervalBytes {@code serializer.syncIntervalBytes} (avro_event)
 * @param plugged the serializer class named in {@code serializer}, with its {@code serializer.*}
 *     keys; null for the built-in ones
 */
public record SerializerSpec(String name, boolean appendNewline, String avroCodec,
    int avroSyncIntervalBytes, EventSerializerFactory plugged) {

  public static final String TEXT = "text";
  public static final String HEADER_AND_TEXT = "header_and_text";
  public static final String AVRO_EVENT = "avro_event";

  public SerializerSpec {
    name = plugged == null ? name.toLowerCase(Locale.ROOT) : name;
  }

  public EventSerializer create() {
    if (plugged != null) {
      return new PluggedSerializer(plugged);
    }
    return switch (name) {
      case TEXT -> new PluggedSerializer(new TextSerializerFactory(false, appendNewline));
      case HEADER_AND_TEXT -> new PluggedSerializer(new TextSerializerFactory(true, appendNewline));
      case AVRO_EVENT -> new PluggedSerializer(
          new AvroEventSerializerFactory(avroCodec, avroSyncIntervalBytes));
      default -> throw new IllegalStateException("unknown serializer " + name);
    };
  }
}
