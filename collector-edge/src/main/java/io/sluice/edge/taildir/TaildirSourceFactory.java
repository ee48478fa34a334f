package io.sluice.edge.taildir;

import io.sluice.api.Source;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;
import java.lang.management.ManagementFactory;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Makes the {@code TAILDIR} source (Flume's TaildirSource), with Flume's keys and defaults. */
public final class TaildirSourceFactory implements SourceFactory<TaildirSourceConfig> {
  static final ConfigKey<List<String>> FILEGROUPS = ConfigKey.list("filegroups").required()
      .doc("Names of the file groups, space-separated");
  static final ConfigPrefix<String> GROUP_PATHS = ConfigPrefix.strings("filegroups.")
      .doc("filegroups.<fg>: absolute directory plus a regular expression for file names");
  static final ConfigPrefix<String> HEADERS = ConfigPrefix.strings("headers.")
      .doc("headers.<fg>.<key>: a header added to every event of group <fg>");
  static final ConfigKey<String> POSITION_FILE = ConfigKey.string("positionFile")
      .defaultValue(System.getProperty("user.home") + "/.flume/taildir_position.json")
      .doc("Where read positions are kept, in Flume's JSON format (a sidecar .sluice file beside it)");
  static final ConfigKey<Boolean> BYTE_OFFSET_HEADER = ConfigKey.bool("byteOffsetHeader").defaultValue(false)
      .doc("Add the line's byte offset in header byteoffset");
  static final ConfigKey<Boolean> SKIP_TO_END = ConfigKey.bool("skipToEnd").defaultValue(false)
      .doc("Start files that have no saved position at their end (at start-up only)");
  static final ConfigKey<Long> IDLE_TIMEOUT = ConfigKey.longInt("idleTimeout").defaultValue(120_000L).atLeast(1)
      .doc("Close a file idle this long (ms); an unterminated last line idle this long is emitted");
  static final ConfigKey<Long> WRITE_POS_INTERVAL = ConfigKey.longInt("writePosInterval").defaultValue(3000L)
      .atLeast(1).doc("How often positions are saved (ms), when they changed");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(100).atLeast(1)
      .doc("Lines per channel transaction");
  static final ConfigKey<Long> MAX_BATCH_COUNT = ConfigKey.longInt("maxBatchCount").defaultValue(Long.MAX_VALUE)
      .atLeast(1).doc("Batches read from one file before the next file gets a turn");
  static final ConfigKey<Long> BACKOFF_INCREMENT = ConfigKey.longInt("backoffSleepIncrement")
      .defaultValue(1000L).atLeast(1).doc("Backoff growth after a refused batch (ms)");
  static final ConfigKey<Long> MAX_BACKOFF = ConfigKey.longInt("maxBackoffSleep").defaultValue(5000L).atLeast(1)
      .doc("Longest backoff after refused batches (ms)");
  static final ConfigKey<Boolean> CACHE_PATTERN_MATCHING = ConfigKey.bool("cachePatternMatching")
      .defaultValue(true).doc("List a directory again only when its modification time changed");
  static final ConfigKey<Boolean> FILE_HEADER = ConfigKey.bool("fileHeader").defaultValue(false)
      .doc("Add the file's current path in header fileHeaderKey");
  static final ConfigKey<String> FILE_HEADER_KEY = ConfigKey.string("fileHeaderKey").defaultValue("file")
      .doc("Header name for fileHeader");
  static final ConfigKey<Long> POLL_INTERVAL = ConfigKey.longInt("pollInterval").defaultValue(1000L)
      .between(10, 60_000).doc("Longest wait between looks at the files (ms); file-system events wake earlier");
  static final ConfigKey<Integer> MAX_LINE_LENGTH = ConfigKey.integer("maxLineLength").defaultValue(1 << 20)
      .between(16, 256 << 20).doc("Longest line kept (bytes); longer lines are cut and the cut is counted");
  static final ConfigKey<Integer> MAX_OPEN_FILES = ConfigKey.integer("maxOpenFiles").defaultValue(0)
      .atLeast(0).doc("File descriptors the source may hold; 0 = min(4096, half the process limit)");
  static final ConfigKey<Long> RETIRED_RETENTION = ConfigKey.longInt("retiredRetention")
      .defaultValue(3_600_000L).atLeast(0)
      .doc("How long a deleted or renamed-away file with unread bytes is kept open (ms)");
  static final ConfigKey<String> COPYTRUNCATE = ConfigKey.string("copytruncate").defaultValue("auto")
      .oneOf("auto", "off").doc("auto: after a truncation, finish the rotated copy found by its first bytes");

  static final ConfigKey<String> MULTILINE_PATTERN = ConfigKey.string("multiline.pattern")
      .doc("A line matching this regex (found anywhere in it) is a continuation; unset = one line per event");
  static final ConfigKey<Boolean> MULTILINE_NEGATE = ConfigKey.bool("multiline.negate").defaultValue(false)
      .doc("A line NOT matching multiline.pattern is the continuation");
  static final ConfigKey<String> MULTILINE_MATCH = ConfigKey.string("multiline.match").defaultValue("after")
      .oneOf("after", "before").doc("after: continuations join the line before them; before: the line after");
  static final ConfigKey<Integer> MULTILINE_MAX_LINES = ConfigKey.integer("multiline.maxLines").defaultValue(500)
      .atLeast(1).doc("Lines joined into one event at most; further lines are dropped and the event flagged");
  static final ConfigKey<Long> MULTILINE_TIMEOUT = ConfigKey.longInt("multiline.timeout").defaultValue(2000L)
      .atLeast(1).doc("An event with no new line for this long (ms) is complete");

  static final ConfigKey<String> CHECKPOINT_ON = ConfigKey.string("checkpointOn").defaultValue("delivered")
      .oneOf("delivered", "channel").doc("delivered: save a position once sinks took the lines out of a memory"
          + " channel (durable channels count at commit); channel: at the channel's commit, as Flume");

  @Override
  public String type() {
    return "TAILDIR";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.source.taildir.TaildirSource");
  }

  @Override
  public Class<?> componentClass() {
    return TaildirSource.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(FILEGROUPS, POSITION_FILE, BYTE_OFFSET_HEADER, SKIP_TO_END, IDLE_TIMEOUT,
        WRITE_POS_INTERVAL, BATCH_SIZE, MAX_BATCH_COUNT, BACKOFF_INCREMENT, MAX_BACKOFF,
        CACHE_PATTERN_MATCHING, FILE_HEADER, FILE_HEADER_KEY, POLL_INTERVAL, MAX_LINE_LENGTH,
        MAX_OPEN_FILES, RETIRED_RETENTION, COPYTRUNCATE, MULTILINE_PATTERN, MULTILINE_NEGATE, MULTILINE_MATCH,
        MULTILINE_MAX_LINES, MULTILINE_TIMEOUT, CHECKPOINT_ON).withPrefixes(GROUP_PATHS, HEADERS);
  }

  @Override
  public TaildirSourceConfig configure(ConfigValues values) {
    List<ConfigProblem> problems = new ArrayList<>();
    List<FileGroup> groups = groups(values, problems);
    Path positionFile = null;
    try {
      positionFile = Path.of(values.get(POSITION_FILE));
      if (!positionFile.isAbsolute()) {
        positionFile = positionFile.toAbsolutePath();
      }
    } catch (InvalidPathException e) {
      problems.add(new ConfigProblem(POSITION_FILE.name(), "is not a valid path: " + e.getMessage()));
    }
    MultilineConfig multiline = multiline(values, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    int maxOpen = values.get(MAX_OPEN_FILES);
    return new TaildirSourceConfig(groups, positionFile, values.get(BYTE_OFFSET_HEADER),
        values.get(SKIP_TO_END), values.get(IDLE_TIMEOUT), values.get(WRITE_POS_INTERVAL),
        values.get(BATCH_SIZE), values.get(MAX_BATCH_COUNT), values.get(BACKOFF_INCREMENT),
        values.get(MAX_BACKOFF), values.get(CACHE_PATTERN_MATCHING), values.get(FILE_HEADER),
        values.get(FILE_HEADER_KEY), values.get(POLL_INTERVAL), values.get(MAX_LINE_LENGTH),
        maxOpen > 0 ? maxOpen : defaultMaxOpenFiles(), values.get(RETIRED_RETENTION),
        values.get(COPYTRUNCATE).equals("auto"), multiline, values.get(CHECKPOINT_ON).equals("delivered"));
  }

  private static MultilineConfig multiline(ConfigValues values, List<ConfigProblem> problems) {
    String pattern = values.get(MULTILINE_PATTERN);
    if (pattern == null || pattern.isEmpty()) {
      return null;
    }
    try {
      return new MultilineConfig(Pattern.compile(pattern), values.get(MULTILINE_NEGATE),
          values.get(MULTILINE_MATCH).equals("after"), values.get(MULTILINE_MAX_LINES), values.get(MULTILINE_TIMEOUT));
    } catch (PatternSyntaxException e) {
      problems.add(new ConfigProblem(MULTILINE_PATTERN.name(), "is not a valid regex: " + e.getDescription()));
      return null;
    }
  }

  private static List<FileGroup> groups(ConfigValues values, List<ConfigProblem> problems) {
    Map<String, String> paths = values.get(GROUP_PATHS);
    Map<String, String> headers = values.get(HEADERS);
    List<FileGroup> groups = new ArrayList<>();
    for (String name : values.get(FILEGROUPS)) {
      String key = GROUP_PATHS.prefix() + name;
      String spec = paths.get(name);
      if (spec == null || spec.isBlank()) {
        problems.add(new ConfigProblem(key, "is missing: every file group needs a directory and file name pattern"));
        continue;
      }
      FileGroup g = group(name, key, spec, headersOf(name, headers), problems);
      if (g != null) {
        groups.add(g);
      }
    }
    for (String name : paths.keySet()) {
      if (!values.get(FILEGROUPS).contains(name)) {
        problems.add(new ConfigProblem(GROUP_PATHS.prefix() + name,
            "names a file group that is not listed in filegroups"));
      }
    }
    return groups;
  }

  private static FileGroup group(String name, String key, String spec, Map<String, String> headers,
      List<ConfigProblem> problems) {
    int slash = spec.lastIndexOf('/');
    if (!spec.startsWith("/") || slash < 0 || slash == spec.length() - 1) {
      problems.add(new ConfigProblem(key, "must be an absolute directory followed by a file name regex,"
          + " e.g. /var/log/app/.*\\.log (got '" + spec + "')"));
      return null;
    }
    String dir = slash == 0 ? "/" : spec.substring(0, slash);
    try {
      Pattern regex = Pattern.compile(spec.substring(slash + 1));
      return new FileGroup(name, Path.of(dir).normalize(), regex, headers);
    } catch (PatternSyntaxException e) {
      problems.add(new ConfigProblem(key, "has an invalid file name regex: " + e.getDescription()));
    } catch (InvalidPathException e) {
      problems.add(new ConfigProblem(key, "has an invalid directory: " + e.getMessage()));
    }
    return null;
  }

  private static Map<String, String> headersOf(String group, Map<String, String> all) {
    Map<String, String> out = new LinkedHashMap<>();
    String prefix = group + ".";
    all.forEach((k, v) -> {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return Map.copyOf(out);
  }

  private static int defaultMaxOpenFiles() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return (int) Math.max(16, Math.min(4096, unix.getMaxFileDescriptorCount() / 2));
    }
    return 4096;
  }

  @Override
  public Source create(TaildirSourceConfig config, SourceContext context) {
    return new TaildirSource(context.componentName(), config, context.channelProcessor(),
        new TaildirCounters(context.metrics(), context.clock()), context.threadFactory("tail"), context.clock());
  }
}
