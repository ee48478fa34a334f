package io.sluice.edge.spooldir;

import io.sluice.api.config.BatchSized;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The {@code spooldir} source's settings, built once by {@link SpoolDirectorySourceFactory}. Keys
 * and defaults are Flume 1.11's.
 *
 * @param spoolDir {@code spoolDir}: the directory files are dropped into (required)
 * @param fileSuffix {@code fileSuffix} (.COMPLETED): appended to a file (or its tracker marker) when done
 * @param deletePolicy {@code deletePolicy} (never)
 * @param trackerDir {@code trackerDir} (.flumespool): progress and markers; relative to spoolDir unless absolute
 * @param trackingPolicy {@code trackingPolicy} (rename)
 * @param includePattern {@code includePattern} (^.*$): file names to read
 * @param ignorePattern {@code ignorePattern} (^$): file (and, when recursive, directory) names to skip
 * @param consumeOrder {@code consumeOrder} (oldest)
 * @param pollDelay {@code pollDelay} (500 ms): wait between looks at an idle directory
 * @param recursive {@code recursiveDirectorySearch} (false)
 * @param maxBackoff {@code maxBackoff} (4000 ms): longest wait before retrying a refused batch
 * @param batchSize {@code batchSize} (100)
 * @param inputCharset {@code inputCharset} (UTF-8)
 * @param decodeErrorPolicy {@code decodeErrorPolicy} (FAIL)
 * @param deserializer {@code deserializer} and its {@code deserializer.*} keys
 * @param headers {@code fileHeader}, {@code fileHeaderKey}, {@code basenameHeader}, {@code basenameHeaderKey}
 */
public record SpoolDirectorySourceConfig(
    Path spoolDir,
    String fileSuffix,
    DeletePolicy deletePolicy,
    Path trackerDir,
    TrackingPolicy trackingPolicy,
    Pattern includePattern,
    Pattern ignorePattern,
    ConsumeOrder consumeOrder,
    long pollDelay,
    boolean recursive,
    long maxBackoff,
    int batchSize,
    Charset inputCharset,
    DecodeErrorPolicy decodeErrorPolicy,
    DeserializerConfig deserializer,
    FileHeaders headers) implements BatchSized {

  /** What happens to a file once all its events are committed. */
  public enum DeletePolicy { NEVER, IMMEDIATE }

  /** How a completed file is marked when it is not deleted. */
  public enum TrackingPolicy { RENAME, TRACKER_DIR }

  /** Which waiting file is read next. */
  public enum ConsumeOrder { OLDEST, YOUNGEST, RANDOM }

  /** What a byte sequence the input charset cannot decode does. */
  public enum DecodeErrorPolicy {
    FAIL, REPLACE, IGNORE;

    /** The decoder's action for this policy. */
    public CodingErrorAction action() {
      return switch (this) {
        case FAIL -> CodingErrorAction.REPORT;
        case REPLACE -> CodingErrorAction.REPLACE;
        case IGNORE -> CodingErrorAction.IGNORE;
      };
    }
  }

  /** The tracker directory as used: a relative {@code trackerDir} lives inside the spool directory. */
  public Path resolvedTrackerDir() {
    return trackerDir.isAbsolute() ? trackerDir : spoolDir.resolve(trackerDir);
  }

  @Override
  public String batchSizeKey() {
    return "batchSize";
  }
}
