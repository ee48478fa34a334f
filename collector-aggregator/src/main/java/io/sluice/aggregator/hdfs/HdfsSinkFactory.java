package io.sluice.aggregator.hdfs;

import io.sluice.aggregator.hdfs.HdfsSinkConfig.FileType;
import io.sluice.aggregator.hdfs.HdfsSinkConfig.WriteFormat;
import io.sluice.api.Sink;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.serialization.EventSerializerFactory;
import io.sluice.api.spi.SinkContext;
import io.sluice.api.spi.SinkFactory;
import io.sluice.core.serialization.SerializerLookup;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.file.CodecFactory;
import org.apache.hadoop.conf.Configuration;

/**
 * Makes the {@code hdfs} sink (Flume's {@code org.apache.flume.sink.hdfs.HDFSEventSink}) from
 * Flume's keys and defaults. The Hadoop client configuration is read as {@link HadoopConfDirs}
 * describes (classpath, the agent's conf directory, {@code HADOOP_CONF_DIR}). Holds the process's
 * {@link KerberosLogins}, which its sinks share.
 */
public final class HdfsSinkFactory implements SinkFactory<HdfsSinkConfig> {
  private final KerberosLogins logins = new KerberosLogins();

  static final ConfigKey<String> PATH = ConfigKey.string("hdfs.path").required()
      .check(s -> !s.isEmpty(), "a directory path or URI").doc("Directory to write to; Flume's escapes allowed");
  static final ConfigKey<String> FILE_PREFIX = ConfigKey.string("hdfs.filePrefix").defaultValue("FlumeData")
      .doc("File name prefix; escapes allowed");
  static final ConfigKey<String> FILE_SUFFIX = ConfigKey.string("hdfs.fileSuffix").defaultValue("")
      .doc("File name suffix; when empty, the codec's extension");
  static final ConfigKey<String> IN_USE_PREFIX = ConfigKey.string("hdfs.inUsePrefix").defaultValue("")
      .doc("Name prefix while a file is open");
  static final ConfigKey<String> IN_USE_SUFFIX = ConfigKey.string("hdfs.inUseSuffix").defaultValue(".tmp")
      .doc("Name suffix while a file is open");
  static final ConfigKey<Boolean> EMPTY_IN_USE_SUFFIX = ConfigKey.bool("hdfs.emptyInUseSuffix")
      .defaultValue(false).doc("Use no in-use suffix (ignores hdfs.inUseSuffix)");
  static final ConfigKey<Long> ROLL_INTERVAL = ConfigKey.longInt("hdfs.rollInterval").defaultValue(30L)
      .atLeast(0).doc("Seconds before a file is rolled; 0 never");
  static final ConfigKey<Long> ROLL_SIZE = ConfigKey.longInt("hdfs.rollSize").defaultValue(1024L)
      .atLeast(0).doc("Body bytes before a file is rolled; 0 never");
  static final ConfigKey<Long> ROLL_COUNT = ConfigKey.longInt("hdfs.rollCount").defaultValue(10L)
      .atLeast(0).doc("Events before a file is rolled; 0 never");
  static final ConfigKey<Long> IDLE_TIMEOUT = ConfigKey.longInt("hdfs.idleTimeout").defaultValue(0L)
      .atLeast(0).doc("Seconds without writes before a file is closed; 0 never");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("hdfs.batchSize").defaultValue(100)
      .atLeast(1).doc("Most events per transaction; flushed to HDFS before the commit");
  static final ConfigKey<String> CODEC = ConfigKey.string("hdfs.codeC").defaultValue("")
      .doc("Compression codec: gzip, bzip2, deflate, default, lz4, or another Hadoop codec by name or class");
  static final ConfigKey<String> FILE_TYPE = ConfigKey.string("hdfs.fileType").defaultValue("SequenceFile")
      .oneOf("SequenceFile", "DataStream", "CompressedStream").doc("File format");
  static final ConfigKey<Integer> MAX_OPEN_FILES = ConfigKey.integer("hdfs.maxOpenFiles").defaultValue(5000)
      .atLeast(1).doc("Most files open at once; the least recently written is closed first");
  static final ConfigKey<Integer> MIN_BLOCK_REPLICAS = ConfigKey.integer("hdfs.minBlockReplicas")
      .defaultValue(0).atLeast(0).doc("Roll when a block has fewer live replicas; 0: the file system's replication");
  static final ConfigKey<String> WRITE_FORMAT = ConfigKey.string("hdfs.writeFormat").defaultValue("Writable")
      .oneOf("Writable", "Text").doc("SequenceFile value class: BytesWritable or Text");
  static final ConfigKey<Long> CALL_TIMEOUT = ConfigKey.longInt("hdfs.callTimeout").defaultValue(30000L)
      .atLeast(1).doc("Milliseconds any HDFS call may take");
  static final ConfigKey<Integer> THREADS_POOL_SIZE = ConfigKey.integer("hdfs.threadsPoolSize")
      .defaultValue(10).atLeast(1).doc("Threads making HDFS calls");
  static final ConfigKey<Integer> ROLL_TIMER_POOL_SIZE = ConfigKey.integer("hdfs.rollTimerPoolSize")
      .defaultValue(1).atLeast(1).doc("Threads closing, recovering and renaming files");
  static final ConfigKey<Integer> CLOSE_TRIES = ConfigKey.integer("hdfs.closeTries").defaultValue(0)
      .atLeast(0).doc("Tries to close and rename a file; 0 until it works");
  static final ConfigKey<Long> RETRY_INTERVAL = ConfigKey.longInt("hdfs.retryInterval").defaultValue(180L)
      .atLeast(1).doc("Seconds between close tries");
  static final ConfigKey<Boolean> ROUND = ConfigKey.bool("hdfs.round").defaultValue(false)
      .doc("Round time escapes down");
  static final ConfigKey<Integer> ROUND_VALUE = ConfigKey.integer("hdfs.roundValue").defaultValue(1)
      .atLeast(1).doc("Round down to a multiple of this");
  static final ConfigKey<String> ROUND_UNIT = ConfigKey.string("hdfs.roundUnit").defaultValue("second")
      .oneOf("second", "minute", "hour").doc("Unit of hdfs.roundValue");
  static final ConfigKey<String> TIME_ZONE = ConfigKey.string("hdfs.timeZone").defaultValue("")
      .doc("Time zone of the time escapes (e.g. UTC, America/Los_Angeles); default the JVM's");
  static final ConfigKey<Boolean> USE_LOCAL_TIME_STAMP = ConfigKey.bool("hdfs.useLocalTimeStamp")
      .defaultValue(false).doc("Use the sink's clock instead of the timestamp header");
  static final ConfigKey<Boolean> HSYNC = ConfigKey.bool("hdfs.hsync").defaultValue(false)
      .doc("hsync (to disk) instead of hflush (to DataNode memory) before each commit");
  static final ConfigKey<String> BAD_EVENT_PATH = ConfigKey.string("hdfs.badEventPath").defaultValue("")
      .check(HdfsSinkFactory::isPlainPath, "a directory path or URI, without escapes")
      .doc("Sluice: directory for events that cannot be written where their headers say (no timestamp"
          + " for a time escape, a %{header} value unsafe in a path), in files named BadEvents.*;"
          + " empty drops them; either way they are counted in EventBadCount");
  static final ConfigKey<String> KERBEROS_PRINCIPAL = ConfigKey.string("hdfs.kerberosPrincipal")
      .defaultValue("").doc("Kerberos principal to write as; _HOST becomes this host's canonical name");
  static final ConfigKey<String> KERBEROS_KEYTAB = ConfigKey.string("hdfs.kerberosKeytab").defaultValue("")
      .doc("Keytab file of hdfs.kerberosPrincipal");
  static final ConfigKey<String> PROXY_USER = ConfigKey.string("hdfs.proxyUser").defaultValue("")
      .doc("User to write as, impersonated by the sink's login (needs hadoop.proxyuser.* on the cluster)");
  static final ConfigKey<String> SERIALIZER = ConfigKey.string("serializer").defaultValue("TEXT")
      .check(s -> serializerName(s) != null || s.contains("."),
          "one of TEXT, HEADER_AND_TEXT, avro_event, or the class of a Flume EventSerializer.Builder")
      .doc("Event serializer for DataStream and CompressedStream files");
  static final ConfigPrefix<String> SERIALIZER_KEYS = ConfigPrefix.strings("serializer.")
      .doc("Keys of the serializer class named in serializer");
  static final ConfigKey<Boolean> APPEND_NEWLINE = ConfigKey.bool("serializer.appendNewline")
      .defaultValue(true).doc("text serializers: newline after each event");
  static final ConfigKey<String> AVRO_CODEC = ConfigKey.string("serializer.compressionCodec")
      .defaultValue("null").check(HdfsSinkFactory::isAvroCodec, "an Avro codec (null, deflate, snappy, bzip2, xz, zstandard)")
      .doc("avro_event: Avro block codec");
  static final ConfigKey<Integer> AVRO_SYNC_INTERVAL = ConfigKey.integer("serializer.syncIntervalBytes")
      .defaultValue(2048000).atLeast(32).doc("avro_event: approximate Avro block size");

  static String serializerName(String value) {
    return switch (value.trim()) {
      case "org.apache.flume.serialization.BodyTextEventSerializer$Builder" -> SerializerSpec.TEXT;
      case "org.apache.flume.serialization.HeaderAndBodyTextEventSerializer$Builder" ->
          SerializerSpec.HEADER_AND_TEXT;
      case "org.apache.flume.sink.hdfs.AvroEventSerializer$Builder",
          "org.apache.flume.serialization.FlumeEventAvroEventSerializer$Builder" -> SerializerSpec.AVRO_EVENT;
      default -> {
        String v = value.trim().toLowerCase(Locale.ROOT);
        yield Set.of(SerializerSpec.TEXT, SerializerSpec.HEADER_AND_TEXT, SerializerSpec.AVRO_EVENT)
            .contains(v) ? v : null;
      }
    };
  }

  /** The built-in serializer named, or the class named resolved through the Flume adapter. */
  private static SerializerSpec serializer(ConfigValues v) {
    String name = serializerName(v.get(SERIALIZER));
    EventSerializerFactory plugged = null;
    if (name == null) {
      name = v.get(SERIALIZER).trim();
      plugged = SerializerLookup.forComponent(v).resolve(SERIALIZER.name(), name,
          SerializerLookup.subKeys(v.raw(), SERIALIZER_KEYS.prefix()));
    } else {
      SerializerLookup.refuseKeys(SERIALIZER_KEYS.prefix(), v.get(SERIALIZER_KEYS).keySet(), name,
          "appendNewline, compressionCodec and syncIntervalBytes");
    }
    return new SerializerSpec(name, v.get(APPEND_NEWLINE), v.get(AVRO_CODEC),
        v.get(AVRO_SYNC_INTERVAL), plugged);
  }

  private static boolean isPlainPath(String path) {
    if (path.isEmpty()) {
      return true;
    }
    try {
      new org.apache.hadoop.fs.Path(path);
      return !path.contains("%");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isAvroCodec(String name) {
    try {
      CodecFactory.fromString(name);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String type() {
    return "hdfs";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.sink.hdfs.HDFSEventSink");
  }

  @Override
  public Class<?> componentClass() {
    return HdfsSink.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(PATH, FILE_PREFIX, FILE_SUFFIX, IN_USE_PREFIX, IN_USE_SUFFIX, EMPTY_IN_USE_SUFFIX,
        ROLL_INTERVAL, ROLL_SIZE, ROLL_COUNT, IDLE_TIMEOUT, BATCH_SIZE, CODEC, FILE_TYPE, MAX_OPEN_FILES,
        MIN_BLOCK_REPLICAS, WRITE_FORMAT, CALL_TIMEOUT, THREADS_POOL_SIZE, ROLL_TIMER_POOL_SIZE,
        CLOSE_TRIES, RETRY_INTERVAL, ROUND, ROUND_VALUE, ROUND_UNIT, TIME_ZONE, USE_LOCAL_TIME_STAMP,
        HSYNC, BAD_EVENT_PATH, KERBEROS_PRINCIPAL, KERBEROS_KEYTAB, PROXY_USER, SERIALIZER,
        APPEND_NEWLINE, AVRO_CODEC, AVRO_SYNC_INTERVAL).withPrefixes(SERIALIZER_KEYS);
  }

  @Override
  public HdfsSinkConfig configure(ConfigValues v) {
    List<ConfigProblem> problems = new ArrayList<>();
    FileType fileType = switch (v.get(FILE_TYPE).toLowerCase(Locale.ROOT)) {
      case "datastream" -> FileType.DATA_STREAM;
      case "compressedstream" -> FileType.COMPRESSED_STREAM;
      default -> FileType.SEQUENCE_FILE;
    };
    String codec = v.get(CODEC);
    if (!codec.isEmpty()) {
      try {
        FileFormat.codecNamed(codec, new Configuration(false));
      } catch (RuntimeException e) {
        problems.add(new ConfigProblem(CODEC.name(), e.getMessage() + " (codecs that run in pure Java: "
            + "gzip, bzip2, deflate, default, lz4)"));
      }
    } else if (fileType == FileType.COMPRESSED_STREAM) {
      problems.add(new ConfigProblem(CODEC.name(), "hdfs.fileType = CompressedStream needs hdfs.codeC"));
    }
    TimeRounding rounding = TimeRounding.NONE;
    if (v.get(ROUND)) {
      ChronoUnit unit = TimeRounding.unitOf(v.get(ROUND_UNIT));
      int value = v.get(ROUND_VALUE);
      int max = unit == ChronoUnit.HOURS ? 24 : 60;
      if (value > max) {
        problems.add(new ConfigProblem(ROUND_VALUE.name(), "must be at most " + max + " for "
            + v.get(ROUND_UNIT) + "s, got " + value));
      } else {
        rounding = new TimeRounding(unit, value);
      }
    }
    ZoneId zone = ZoneId.systemDefault();
    if (!v.get(TIME_ZONE).isEmpty()) {
      try {
        zone = ZoneId.of(v.get(TIME_ZONE));
      } catch (DateTimeException e) {
        problems.add(new ConfigProblem(TIME_ZONE.name(), "unknown time zone '" + v.get(TIME_ZONE) + "'"));
      }
    }
    for (ConfigKey<String> k : List.of(PATH, FILE_PREFIX)) {
      try {
        PathTemplate.parse(v.get(k), zone, rounding, false, new HostNames("h", "i", "f"), Locale.ROOT);
      } catch (IllegalArgumentException e) {
        problems.add(new ConfigProblem(k.name(), e.getMessage()));
      }
    }
    SerializerSpec serializer = null;
    try {
      serializer = serializer(v);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    KerberosSpec kerberos = kerberos(v, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new HdfsSinkConfig(v.get(PATH), v.get(FILE_PREFIX), v.get(FILE_SUFFIX), v.get(IN_USE_PREFIX),
        v.get(EMPTY_IN_USE_SUFFIX) ? "" : v.get(IN_USE_SUFFIX), v.get(ROLL_INTERVAL) * 1000,
        v.get(ROLL_SIZE), v.get(ROLL_COUNT), v.get(IDLE_TIMEOUT) * 1000, v.get(BATCH_SIZE),
        v.get(MAX_OPEN_FILES), v.get(MIN_BLOCK_REPLICAS), v.get(CALL_TIMEOUT), v.get(THREADS_POOL_SIZE),
        v.get(ROLL_TIMER_POOL_SIZE), v.get(CLOSE_TRIES), v.get(RETRY_INTERVAL) * 1000, fileType,
        v.get(WRITE_FORMAT).equalsIgnoreCase("Text") ? WriteFormat.TEXT : WriteFormat.WRITABLE, codec,
        serializer,
        rounding, zone, v.get(USE_LOCAL_TIME_STAMP), v.get(HSYNC), v.get(BAD_EVENT_PATH),
        kerberos);
  }

  private static KerberosSpec kerberos(ConfigValues v, List<ConfigProblem> problems) {
    String principal = v.get(KERBEROS_PRINCIPAL).trim();
    String keytab = v.get(KERBEROS_KEYTAB).trim();
    String proxy = v.get(PROXY_USER).trim();
    if (principal.isEmpty() != keytab.isEmpty()) {
      ConfigKey<String> missing = principal.isEmpty() ? KERBEROS_PRINCIPAL : KERBEROS_KEYTAB;
      problems.add(new ConfigProblem(missing.name(), "needed with "
          + (principal.isEmpty() ? KERBEROS_KEYTAB : KERBEROS_PRINCIPAL).name()));
    }
    return new KerberosSpec(principal, keytab, proxy);
  }

  @Override
  public Sink create(HdfsSinkConfig config, SinkContext context) {
    HadoopConfDirs dirs = HadoopConfDirs.fromProcess();
    Configuration hadoopConf = dirs.load();
    // Hadoop's own shutdown hook would close the file system while the agent still drains into it
    // (SIGTERM): the sink closes it itself when it stops.
    hadoopConf.setBoolean("fs.automatic.close", false);
    return new HdfsSink(context.componentName(), context.channel(), config, hadoopConf, context,
        logins);
  }
}
