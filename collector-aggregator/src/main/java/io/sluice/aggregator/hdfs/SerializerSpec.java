package io.sluice.aggregator.hdfs;

import java.util.Locale;

/**
 * Flume's {@code serializer} key and its options; makes one {@link EventSerializer} per file.
 * Immutable; thread-safe.
 *
 * @param name {@code text}, {@code header_and_text} or {@code avro_event} (lower case)
 * @param appendNewline {@code serializer.appendNewline} (text formats)
 * @param avroCodec {@code serializer.compressionCodec} (avro_event): {@code null}, {@code deflate},
 *     {@code snappy}, {@code bzip2}, {@code xz} or {@code zstandard}
 * @param avroSyncIntervalBytes {@code serializer.syncIntervalBytes} (avro_event)
 */
public record SerializerSpec(String name, boolean appendNewline, String avroCodec,
    int avroSyncIntervalBytes) {

  public static final String TEXT = "text";
  public static final String HEADER_AND_TEXT = "header_and_text";
  public static final String AVRO_EVENT = "avro_event";

  public SerializerSpec {
    name = name.toLowerCase(Locale.ROOT);
  }

  public EventSerializer create() {
    return switch (name) {
      case TEXT -> new TextEventSerializer(false, appendNewline);
      case HEADER_AND_TEXT -> new TextEventSerializer(true, appendNewline);
      case AVRO_EVENT -> new AvroEventSerializer(avroCodec, avroSyncIntervalBytes);
      default -> throw new IllegalStateException("unknown serializer " + name);
    };
  }
}
