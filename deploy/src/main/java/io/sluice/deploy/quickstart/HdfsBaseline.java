package io.sluice.deploy.quickstart;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * What was already under a read-back root before a drill's load started, so that reading back a
 * running cluster's HDFS does not read all of its history: a file closed by then is skipped (an
 * HDFS sink never appends to a closed file), a file still being written is read from the length
 * it had. Only the drill's events are counted anyway (their first word is unique to the run), so
 * reading a little more than needed is harmless. Immutable.
 */
public final class HdfsBaseline {
  private static final long CLOSED = -1;
  private static final HdfsBaseline NONE = new HdfsBaseline(Map.of());
  private final Map<String, Long> from;

  private HdfsBaseline(Map<String, Long> from) {
    this.from = from;
  }

  /** Nothing to skip: everything is read (a cluster the drill started itself). */
  public static HdfsBaseline none() {
    return NONE;
  }

  /** Lists {@code root} now (recursively); a missing root is an empty baseline. */
  public static HdfsBaseline take(FileSystem fs, Path root) throws IOException {
    Map<String, Long> from = new HashMap<>();
    if (fs.exists(root)) {
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
      while (files.hasNext()) {
        LocatedFileStatus f = files.next();
        boolean closed = fs instanceof DistributedFileSystem d && d.isFileClosed(f.getPath());
        from.put(f.getPath().toString(), closed ? CLOSED : f.getLen());
      }
    }
    return new HdfsBaseline(Map.copyOf(from));
  }

  /** Whether the file was already closed at the start: nothing new can be in it. */
  public boolean skip(String path) {
    return from.getOrDefault(path, 0L) == CLOSED;
  }

  /** Where reading a file starts: its length at the start, or 0 for a file made since. */
  public long offset(String path) {
    return Math.max(0, from.getOrDefault(path, 0L));
  }

  public int files() {
    return from.size();
  }
}
