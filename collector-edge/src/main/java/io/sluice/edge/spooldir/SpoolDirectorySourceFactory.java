package io.sluice.edge.spooldir;

import io.sluice.api.Source;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.serialization.EventDeserializerFactory;
import io.sluice.api.serialization.EventDeserializerResolver;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;
import io.sluice.core.serialization.SerializerLookup;
import io.sluice.edge.plugin.LazyProviders;
import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.ConsumeOrder;
import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.DecodeErrorPolicy;
import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.DeletePolicy;
import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.TrackingPolicy;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Makes the {@code spooldir} source (Flume's SpoolDirectorySource), Flume 1.11's keys and defaults.
 * Thread-safe; its only state is the deserializer resolvers, loaded on first use.
 */
public final class SpoolDirectorySourceFactory implements SourceFactory<SpoolDirectorySourceConfig> {
  static final ConfigKey<String> SPOOL_DIR = ConfigKey.string("spoolDir").required()
      .check(s -> !s.isEmpty(), "a directory").doc("Directory the files to read are dropped into");
  static final ConfigKey<String> FILE_SUFFIX = ConfigKey.string("fileSuffix").defaultValue(".COMPLETED")
      .check(s -> !s.isEmpty(), "non-empty").doc("Suffix that marks a file (or its tracker marker) as done");
  static final ConfigKey<String> DELETE_POLICY = ConfigKey.string("deletePolicy").defaultValue("never")
      .oneOf("never", "immediate").doc("Delete a file once all its events are committed");
  static final ConfigKey<String> TRACKER_DIR = ConfigKey.string("trackerDir").defaultValue(".flumespool")
      .check(s -> !s.isEmpty(), "a directory").doc("Progress file and markers; relative to spoolDir unless absolute");
  static final ConfigKey<String> TRACKING_POLICY = ConfigKey.string("trackingPolicy").defaultValue("rename")
      .oneOf("rename", "tracker_dir").doc("Mark a done file by renaming it, or by a marker in trackerDir");
  static final ConfigKey<String> INCLUDE_PATTERN = ConfigKey.string("includePattern").defaultValue("^.*$")
      .check(SpoolDirectorySourceFactory::isRegex, "a valid regular expression").doc("File names to read");
  static final ConfigKey<String> IGNORE_PATTERN = ConfigKey.string("ignorePattern").defaultValue("^$")
      .check(SpoolDirectorySourceFactory::isRegex, "a valid regular expression")
      .doc("File (and, when recursive, directory) names to skip");
  static final ConfigKey<String> CONSUME_ORDER = ConfigKey.string("consumeOrder").defaultValue("oldest")
      .oneOf("oldest", "youngest", "random").doc("Which waiting file is read next (by modification time)");
  static final ConfigKey<Long> POLL_DELAY = ConfigKey.longInt("pollDelay").defaultValue(500L).atLeast(1)
      .doc("Wait between looks at an idle directory (ms)");
  static final ConfigKey<Boolean> RECURSIVE = ConfigKey.bool("recursiveDirectorySearch").defaultValue(false)
      .doc("Also read files in subdirectories");
  static final ConfigKey<Long> MAX_BACKOFF = ConfigKey.longInt("maxBackoff").defaultValue(4000L).atLeast(0)
      .doc("Longest wait before retrying a batch the channel refused (ms)");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(100).atLeast(1)
      .doc("Events per channel transaction");
  static final ConfigKey<String> INPUT_CHARSET = ConfigKey.string("inputCharset").defaultValue("UTF-8")
      .check(SpoolDirectorySourceFactory::isCharset, "a charset this JVM supports").doc("Charset of the files");
  static final ConfigKey<String> DECODE_ERROR_POLICY = ConfigKey.string("decodeErrorPolicy").defaultValue("FAIL")
      .oneOf("FAIL", "REPLACE", "IGNORE").doc("Bytes the input charset cannot decode: fail the file, replace, or drop");
  static final ConfigKey<String> DESERIALIZER = ConfigKey.string("deserializer").defaultValue("LINE")
      .doc("LINE, AVRO or BLOB (or Flume's builder class names), or the class of a Flume EventDeserializer.Builder");
  static final ConfigPrefix<String> DESERIALIZER_KEYS = ConfigPrefix.strings("deserializer.")
      .doc("Keys of the deserializer class named in deserializer");
  static final ConfigKey<Integer> MAX_LINE_LENGTH = ConfigKey.integer("deserializer.maxLineLength")
      .defaultValue(2048).atLeast(1).doc("LINE: longest event in characters; the rest of a longer line is dropped");
  static final ConfigKey<String> OUTPUT_CHARSET = ConfigKey.string("deserializer.outputCharset")
      .defaultValue("UTF-8").check(SpoolDirectorySourceFactory::isCharset, "a charset this JVM supports")
      .doc("LINE: charset of the event bodies");
  static final ConfigKey<Integer> MAX_BLOB_LENGTH = ConfigKey.integer("deserializer.maxBlobLength")
      .defaultValue(100_000_000).atLeast(1).doc("BLOB: largest event in bytes; a larger file becomes several events");
  static final ConfigKey<String> SCHEMA_TYPE = ConfigKey.string("deserializer.schemaType").defaultValue("HASH")
      .oneOf("HASH", "LITERAL").doc("AVRO: put the schema's hash or its JSON in each event's header");
  static final ConfigKey<Boolean> FILE_HEADER = ConfigKey.bool("fileHeader").defaultValue(false)
      .doc("Add the file's absolute path as a header");
  static final ConfigKey<String> FILE_HEADER_KEY = ConfigKey.string("fileHeaderKey").defaultValue("file")
      .check(s -> !s.isEmpty(), "non-empty").doc("Header name for fileHeader");
  static final ConfigKey<Boolean> BASENAME_HEADER = ConfigKey.bool("basenameHeader").defaultValue(false)
      .doc("Add the file's name as a header");
  static final ConfigKey<String> BASENAME_HEADER_KEY = ConfigKey.string("basenameHeaderKey")
      .defaultValue("basename").check(s -> !s.isEmpty(), "non-empty").doc("Header name for basenameHeader");
  static final ConfigKey<String> BUFFER_MAX_LINES = ConfigKey.ignored("bufferMaxLines",
      "deprecated in Flume; batchSize sets the batch");
  static final ConfigKey<String> BUFFER_MAX_LINE_LENGTH = ConfigKey.ignored("bufferMaxLineLength",
      "deprecated in Flume; use deserializer.maxLineLength");

  private final LazyProviders<EventDeserializerResolver> resolvers =
      new LazyProviders<>(EventDeserializerResolver.class);

  @Override
  public String type() {
    return "spooldir";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.source.SpoolDirectorySource");
  }

  @Override
  public Class<?> componentClass() {
    return SpoolDirectorySource.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(SPOOL_DIR, FILE_SUFFIX, DELETE_POLICY, TRACKER_DIR, TRACKING_POLICY, INCLUDE_PATTERN,
        IGNORE_PATTERN, CONSUME_ORDER, POLL_DELAY, RECURSIVE, MAX_BACKOFF, BATCH_SIZE, INPUT_CHARSET,
        DECODE_ERROR_POLICY, DESERIALIZER, MAX_LINE_LENGTH, OUTPUT_CHARSET, MAX_BLOB_LENGTH, SCHEMA_TYPE,
        FILE_HEADER, FILE_HEADER_KEY, BASENAME_HEADER, BASENAME_HEADER_KEY, BUFFER_MAX_LINES,
        BUFFER_MAX_LINE_LENGTH).withPrefixes(DESERIALIZER_KEYS);
  }

  @Override
  public SpoolDirectorySourceConfig configure(ConfigValues values) {
    List<ConfigProblem> problems = new ArrayList<>();
    DeserializerConfig deserializer = deserializer(values, problems);
    Charset input = Charset.forName(values.get(INPUT_CHARSET));
    if (deserializer != null && deserializer.type() == DeserializerConfig.Type.LINE && !newlineIsOneByte(input)) {
      problems.add(new ConfigProblem(INPUT_CHARSET.name(), "'" + values.get(INPUT_CHARSET)
          + "' cannot be read by the LINE deserializer: it needs a charset in which a newline is the single"
          + " byte 0x0A (UTF-8, ISO-8859-*, ASCII, GB18030, Shift_JIS...; not UTF-16 or UTF-32)"));
    }
    Path trackerDir = Path.of(values.get(TRACKER_DIR));
    Path spoolDir = Path.of(values.get(SPOOL_DIR));
    if (!trackerDir.isAbsolute() && trackerDir.normalize().startsWith("..")) {
      problems.add(new ConfigProblem(TRACKER_DIR.name(), "a relative trackerDir must stay inside spoolDir"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new SpoolDirectorySourceConfig(spoolDir, values.get(FILE_SUFFIX),
        enumValue(DeletePolicy.class, values.get(DELETE_POLICY)), trackerDir,
        enumValue(TrackingPolicy.class, values.get(TRACKING_POLICY)),
        Pattern.compile(values.get(INCLUDE_PATTERN)), Pattern.compile(values.get(IGNORE_PATTERN)),
        enumValue(ConsumeOrder.class, values.get(CONSUME_ORDER)), values.get(POLL_DELAY), values.get(RECURSIVE),
        values.get(MAX_BACKOFF), values.get(BATCH_SIZE), input,
        enumValue(DecodeErrorPolicy.class, values.get(DECODE_ERROR_POLICY)), deserializer,
        new FileHeaders(values.get(FILE_HEADER), values.get(FILE_HEADER_KEY), values.get(BASENAME_HEADER),
            values.get(BASENAME_HEADER_KEY)));
  }

  @Override
  public Source create(SpoolDirectorySourceConfig config, SourceContext context) {
    return new SpoolDirectorySource(context.componentName(), config, context.channelProcessor(),
        new SpoolCounters(context.metrics()), context.clock());
  }

  private DeserializerConfig deserializer(ConfigValues values, List<ConfigProblem> problems) {
    String name = values.get(DESERIALIZER).trim();
    DeserializerConfig.Type type = DeserializerConfig.Type.byName(name);
    EventDeserializerFactory plugin = null;
    if (type == null && name.contains(".")) {
      type = DeserializerConfig.Type.PLUGIN;
      plugin = plugin(name, values, problems);
    } else if (type == null) {
      problems.add(new ConfigProblem(DESERIALIZER.name(), "unknown deserializer '" + name
          + "'; known: LINE, AVRO, BLOB, Flume's builder classes " + Arrays.stream(DeserializerConfig.Type.values())
              .map(DeserializerConfig.Type::flumeBuilder).filter(Objects::nonNull).toList()
          + ", or the class of a Flume EventDeserializer.Builder"));
    } else {
      String builtIn = type.name();
      values.get(DESERIALIZER_KEYS).keySet().forEach(k -> problems.add(new ConfigProblem(
          DESERIALIZER_KEYS.prefix() + k, "unknown key: the " + builtIn + " deserializer takes only maxLineLength,"
              + " outputCharset, maxBlobLength and schemaType")));
    }
    if (type == null || type == DeserializerConfig.Type.PLUGIN && plugin == null) {
      return null;
    }
    return new DeserializerConfig(type, values.get(MAX_LINE_LENGTH), Charset.forName(values.get(OUTPUT_CHARSET)),
        values.get(MAX_BLOB_LENGTH), enumValue(DeserializerConfig.SchemaType.class, values.get(SCHEMA_TYPE)), plugin);
  }

  /** The class named in {@code deserializer}, resolved with all the {@code deserializer.*} keys; null on a problem. */
  private EventDeserializerFactory plugin(String name, ConfigValues values, List<ConfigProblem> problems) {
    Map<String, String> keys = SerializerLookup.subKeys(values.raw(), DESERIALIZER_KEYS.prefix());
    try {
      ClassLoader loader = pluginLoader();
      EventDeserializerFactory f = resolvers.first(loader, r -> r.resolve(name, keys, loader));
      if (f == null) {
        problems.add(new ConfigProblem(DESERIALIZER.name(), "deserializer class '" + name + "' cannot be loaded:"
            + " no deserializer adapter is installed (Flume deserializers need the flume-compat module)"));
      }
      return f;
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigProblem(DESERIALIZER.name(), e.getMessage()));
      return null;
    }
  }

  private static ClassLoader pluginLoader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : SpoolDirectorySourceFactory.class.getClassLoader();
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value) {
    return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
  }

  private static boolean isRegex(String s) {
    try {
      Pattern.compile(s);
      return true;
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  private static boolean isCharset(String s) {
    try {
      return Charset.isSupported(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The LINE deserializer splits raw bytes at 0x0A, which is only sound where no other character contains it. */
  private static boolean newlineIsOneByte(Charset cs) {
    if (!cs.canEncode()) {
      return false;
    }
    return Arrays.equals("\n\r".getBytes(cs), new byte[] {'\n', '\r'})
        && Arrays.equals("A".getBytes(cs), "A".getBytes(StandardCharsets.US_ASCII));
  }
}
