package io.sluice.core.sink;

import io.sluice.api.Sink;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.serialization.EventSerializerFactory;
import io.sluice.api.spi.SinkContext;
import io.sluice.api.spi.SinkFactory;
import io.sluice.core.serialization.AvroEventSerializerFactory;
import io.sluice.core.serialization.SerializerLookup;
import io.sluice.core.serialization.TextSerializerFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Makes the {@code file_roll} sink (Flume's RollingFileSink) with Flume's keys. Stateless. */
public final class RollingFileSinkFactory implements SinkFactory<RollingFileSinkConfig> {
  static final ConfigKey<String> DIRECTORY = ConfigKey.string("sink.directory").required()
      .check(s -> !s.isEmpty(), "a directory path").doc("Directory the files are written to");
  static final ConfigKey<Long> ROLL_INTERVAL = ConfigKey.longInt("sink.rollInterval").defaultValue(30L)
      .atLeast(0).doc("Seconds before starting a new file; 0 never rolls");
  static final ConfigKey<String> PATH_MANAGER = ConfigKey.string("sink.pathManager").defaultValue("DEFAULT")
      .oneOf("DEFAULT").doc("File naming scheme; only DEFAULT (<prefix><start>-<n>) is supported");
  static final ConfigKey<String> PREFIX = ConfigKey.string("sink.pathManager.prefix").defaultValue("")
      .doc("File name prefix");
  static final ConfigKey<String> EXTENSION = ConfigKey.string("sink.pathManager.extension").defaultValue("")
      .doc("File name extension, without the dot");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("sink.batchSize").defaultValue(100)
      .atLeast(1).doc("Most events per transaction");
  static final ConfigKey<String> SERIALIZER = ConfigKey.string("sink.serializer").defaultValue("TEXT")
      .check(s -> builtIn(s) != null || s.contains("."),
          "TEXT, HEADER_AND_TEXT, avro_event or the class of a Flume EventSerializer.Builder")
      .doc("Event serializer: TEXT, HEADER_AND_TEXT, avro_event or a Flume EventSerializer.Builder"
          + " class");
  static final ConfigKey<Boolean> APPEND_NEWLINE = ConfigKey.bool("sink.serializer.appendNewline")
      .defaultValue(true).doc("TEXT, HEADER_AND_TEXT: write a newline after each body");
  static final ConfigKey<String> AVRO_CODEC = ConfigKey.string("sink.serializer.compressionCodec")
      .defaultValue(AvroEventSerializerFactory.DEFAULT_CODEC)
      .doc("avro_event: the Avro codec of the blocks (null, deflate, snappy, bzip2, xz, zstandard)");
  static final ConfigKey<Integer> AVRO_SYNC_INTERVAL =
      ConfigKey.integer("sink.serializer.syncIntervalBytes")
          .defaultValue(AvroEventSerializerFactory.DEFAULT_SYNC_INTERVAL_BYTES).atLeast(32)
          .doc("avro_event: approximate bytes per Avro block");
  static final ConfigPrefix<String> SERIALIZER_KEYS = ConfigPrefix.strings("sink.serializer.")
      .doc("Keys of the serializer class named in sink.serializer");
  private static final String BODY_TEXT = "org.apache.flume.serialization.BodyTextEventSerializer$Builder";
  private static final String HEADER_AND_BODY_TEXT =
      "org.apache.flume.serialization.HeaderAndBodyTextEventSerializer$Builder";
  private static final String AVRO_EVENT =
      "org.apache.flume.serialization.FlumeEventAvroEventSerializer$Builder";

  @Override
  public String type() {
    return "file_roll";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.sink.RollingFileSink");
  }

  @Override
  public Class<?> componentClass() {
    return RollingFileSink.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(DIRECTORY, ROLL_INTERVAL, PATH_MANAGER, PREFIX, EXTENSION, BATCH_SIZE, SERIALIZER,
        APPEND_NEWLINE, AVRO_CODEC, AVRO_SYNC_INTERVAL).withPrefixes(SERIALIZER_KEYS);
  }

  /**
   * {@code text}, {@code header_and_text} or {@code avro_event} for Flume's names of its built-in
   * serializers, else null.
   */
  static String builtIn(String value) {
    String v = value.trim();
    if (v.equals(BODY_TEXT) || v.equalsIgnoreCase("TEXT")) {
      return "text";
    }
    if (v.equals(AVRO_EVENT) || v.equalsIgnoreCase("avro_event")) {
      return "avro_event";
    }
    return v.equals(HEADER_AND_BODY_TEXT) || v.equalsIgnoreCase("HEADER_AND_TEXT")
        ? "header_and_text" : null;
  }

  private static EventSerializerFactory serializer(ConfigValues values) {
    String builtIn = builtIn(values.get(SERIALIZER));
    if (builtIn == null) {
      return SerializerLookup.forComponent(values).resolve(SERIALIZER.name(),
          values.get(SERIALIZER), SerializerLookup.subKeys(values.raw(), SERIALIZER_KEYS.prefix()));
    }
    boolean avro = builtIn.equals("avro_event");
    List<ConfigKey<?>> own = avro ? List.of(AVRO_CODEC, AVRO_SYNC_INTERVAL) : List.of(APPEND_NEWLINE);
    List<String> refused = new ArrayList<>(values.get(SERIALIZER_KEYS).keySet());
    Stream.of(APPEND_NEWLINE, AVRO_CODEC, AVRO_SYNC_INTERVAL)
        .filter(k -> !own.contains(k) && values.isSet(k))
        .forEach(k -> refused.add(k.name().substring(SERIALIZER_KEYS.prefix().length())));
    SerializerLookup.refuseKeys(SERIALIZER_KEYS.prefix(), refused,
        avro ? builtIn : builtIn.toUpperCase(Locale.ROOT),
        String.join(" and ", own.stream().map(ConfigKey::name).toList()));
    if (avro) {
      try {
        return new AvroEventSerializerFactory(values.get(AVRO_CODEC), values.get(AVRO_SYNC_INTERVAL));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(AVRO_CODEC.name(), e.getMessage());
      }
    }
    return new TextSerializerFactory(builtIn.equals("header_and_text"), values.get(APPEND_NEWLINE));
  }

  @Override
  public RollingFileSinkConfig configure(ConfigValues values) {
    String ext = values.get(EXTENSION);
    return new RollingFileSinkConfig(Path.of(values.get(DIRECTORY)), values.get(ROLL_INTERVAL),
        values.get(PREFIX), ext.startsWith(".") ? ext.substring(1) : ext, values.get(BATCH_SIZE),
        serializer(values));
  }

  @Override
  public Sink create(RollingFileSinkConfig config, SinkContext context) {
    return new RollingFileSink(context.componentName(), context.channel(), config, context.clock(),
        context.metrics());
  }
}
