package io.sluice.aggregator.hdfs;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * Flume's file names: {@code <dir>/<prefix>.<counter><suffix>}, written as
 * {@code <dir>/<inUsePrefix><prefix>.<counter><suffix><inUseSuffix>} while open. The counter starts
 * at the sink's start time in epoch millis and goes up by one per file, across all buckets. Without
 * {@code hdfs.fileSuffix} the codec's extension is the suffix. Thread-safe.
 */
final class FileNamer {
  private final String suffix;
  private final String inUsePrefix;
  private final String inUseSuffix;
  private final long firstCounter;
  private final AtomicLong counter;

  FileNamer(String fileSuffix, String codecExtension, String inUsePrefix, String inUseSuffix,
      long startMillis) {
    this.suffix = fileSuffix.isEmpty() ? codecExtension : fileSuffix;
    this.inUsePrefix = inUsePrefix;
    this.inUseSuffix = inUseSuffix;
    this.firstCounter = startMillis;
    this.counter = new AtomicLong(startMillis);
  }

  /** The names of the next file of a bucket. */
  Names next(String directory, String prefix) {
    String name = prefix + "." + counter.getAndIncrement() + suffix;
    return new Names(new Path(directory, inUsePrefix + name + inUseSuffix), new Path(directory, name));
  }

  /**
   * Bytes a file name has beyond its bucket's prefix and a dot, at most: the in-use marks, the
   * counter (up to 19 digits) and the suffix.
   */
  int nameBytesBeyondPrefix() {
    return (inUsePrefix + suffix + inUseSuffix).getBytes(StandardCharsets.UTF_8).length + 19;
  }

  /** True when in-use files can be told from finished ones by name (needed to recover them). */
  boolean marksInUse() {
    return !inUsePrefix.isEmpty() || !inUseSuffix.isEmpty();
  }

  /**
   * Matches in-use file names of this naming, capturing the counter; used to find files an earlier
   * run left open.
   */
  Pattern inUsePattern() {
    return Pattern.compile(Pattern.quote(inUsePrefix) + "(.*\\.(\\d+).*)" + Pattern.quote(inUseSuffix));
  }

  /** The final name of an in-use file name matched by {@link #inUsePattern()}. */
  String finalName(String inUseName) {
    return inUseName.substring(inUsePrefix.length(), inUseName.length() - inUseSuffix.length());
  }

  /** The first counter of this run: files with a lower counter were left by an earlier run. */
  long firstCounter() {
    return firstCounter;
  }

  /** An in-use and a final path. */
  record Names(Path inUse, Path target) {}
}
