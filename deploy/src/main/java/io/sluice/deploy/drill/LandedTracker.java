package io.sluice.deploy.drill;

import io.sluice.deploy.quickstart.HdfsBaseline;
import io.sluice.deploy.quickstart.LandedEvents;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Follows what lands in HDFS while a drill runs: each {@link #poll} reads only the bytes appended
 * to each file since the last poll (whole lines), and records for every {@code demo} event
 * ({@code "<prefix> <seq> <generatedMillis> ..."}) when it was first seen, so landing latency and
 * throughput over time can be computed. A file renamed on close (in-use suffix dropped) is read
 * again under its new name; events seen before keep their first time and are not duplicates.
 * Duplicates are counted from the final full read ({@link LandedEvents}). Not thread-safe.
 */
public final class LandedTracker implements AutoCloseable {
  /** One event's life: generated (by the edge's clock) and first seen in HDFS (by ours). */
  public record Landing(long generatedMillis, long landedMillis) {}

  private final FileSystem fs;
  private final Path root;
  private final HdfsBaseline baseline;
  private final Map<String, Long> offsets = new HashMap<>();
  private final Map<String, Map<Long, Landing>> byPrefix = new HashMap<>();

  /** {@code client}: the settings that reach the file system (see {@link #pollConf}). */
  public LandedTracker(String hdfsUrl, String root, Configuration client) throws IOException {
    this.fs = FileSystem.newInstance(URI.create(hdfsUrl), pollConf(client));
    this.root = new Path(root);
    this.baseline = HdfsBaseline.none();
  }

  private LandedTracker(FileSystem fs, Path root, HdfsBaseline baseline) {
    this.fs = fs;
    this.root = root;
    this.baseline = baseline;
  }

  /**
   * A tracker that first notes what is under {@code root} now ({@link HdfsBaseline}), and later
   * reads only what was added since: for a running cluster's HDFS, before the drill's load starts.
   */
  public static LandedTracker fromNow(String hdfsUrl, String root) throws IOException {
    FileSystem fs = FileSystem.newInstance(URI.create(hdfsUrl),
        pollConf(LandedEvents.clientConf()));
    try {
      return new LandedTracker(fs, new Path(root), HdfsBaseline.take(fs, new Path(root)));
    } catch (IOException | RuntimeException e) {
      fs.close();
      throw e;
    }
  }

  /**
   * Polls must not stall the drill's clock: one quick retry on an unreachable NameNode (a drill
   * may have stopped it), one short wait for a just-created file whose last block the DataNode has
   * not reported yet instead of three of 4 s each. A file that cannot be read yet is read by a
   * later poll.
   */
  private static Configuration pollConf(Configuration client) {
    Configuration conf = new Configuration(client);
    conf.setInt("ipc.client.connect.retry.interval", 100);
    conf.setInt("dfs.client.retry.times.get-last-block-length", 1);
    conf.setInt("dfs.client.retry.interval-ms.get-last-block-length", 100);
    return conf;
  }

  /** What was there before: the final read-back skips it too. */
  public HdfsBaseline baseline() {
    return baseline;
  }

  /**
   * Reads what was appended since the last poll. New events are stamped with the time their file
   * was read (after the read: an event written while a poll runs must not look older than it is).
   */
  public void poll() throws IOException {
    if (!fs.exists(root)) {
      return;
    }
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
    while (files.hasNext()) {
      LocatedFileStatus f = files.next();
      String name = f.getPath().toString();
      if (baseline.skip(name)) {
        continue;
      }
      long from = offsets.getOrDefault(name, baseline.offset(name));
      byte[] bytes;
      try (FSDataInputStream in = fs.open(f.getPath())) {
        in.seek(from);
        bytes = in.readAllBytes();
      } catch (IOException e) {
        continue; // being recovered or renamed: next poll
      }
      long now = System.currentTimeMillis();
      int end = lastNewline(bytes);
      if (end < 0) {
        continue;
      }
      offsets.put(name, from + end + 1);
      for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
        record(line, now);
      }
    }
  }

  private static int lastNewline(byte[] b) {
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void record(String line, long now) {
    String[] parts = line.split(" ", 4);
    if (parts.length < 3) {
      return;
    }
    try {
      long seq = Long.parseLong(parts[1]);
      long generated = Long.parseLong(parts[2]);
      byPrefix.computeIfAbsent(parts[0], p -> new HashMap<>())
          .putIfAbsent(seq, new Landing(generated, now));
    } catch (NumberFormatException e) {
      // not a demo event: ignored
    }
  }

  /** Every distinct event seen so far, by prefix then sequence number. */
  public Map<String, Map<Long, Landing>> landings() {
    return byPrefix;
  }

  /** All landings, flattened. */
  public List<Landing> all() {
    List<Landing> out = new ArrayList<>();
    byPrefix.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  /** Distinct events seen so far from {@code prefix}. */
  public long distinct(String prefix) {
    Map<Long, Landing> m = byPrefix.get(prefix);
    return m == null ? 0 : m.size();
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
