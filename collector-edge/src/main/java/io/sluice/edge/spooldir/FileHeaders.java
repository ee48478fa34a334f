package io.sluice.edge.spooldir;

import java.nio.file.Path;
import java.util.Map;

/**
 * The optional headers naming an event's file: Flume's {@code fileHeader}/{@code fileHeaderKey}
 * (absolute path) and {@code basenameHeader}/{@code basenameHeaderKey} (file name). Immutable.
 */
public record FileHeaders(boolean file, String fileKey, boolean basename, String basenameKey) {

  /** Adds the enabled headers for {@code path} to {@code headers}. */
  void addTo(Map<String, String> headers, Path path) {
    if (file) {
      headers.put(fileKey, path.toAbsolutePath().toString());
    }
    if (basename) {
      headers.put(basenameKey, path.getFileName().toString());
    }
  }
}
