package io.sluice.deploy.drill;

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
 * Duplicates are counted from the final full read ({@link #finalCount}). Not thread-safe.
 */
public final class LandedTracker implements AutoCloseable {
  /** One event's life: generated (by the edge's clock) and first seen in HDFS (by ours). */
  public record Landing(long generatedMillis, long landedMillis) {}

  private final FileSystem fs;
  private final Path root;
  private final Map<String, Long> offsets = new HashMap<>();
  private final Map<String, Map<Long, Landing>> byPrefix = new HashMap<>();

  public LandedTracker(String hdfsUrl, String root) throws IOException {
    Configuration conf = new Configuration();
    conf.setInt("ipc.client.connect.max.retries", 1);
    this.fs = FileSystem.newInstance(URI.create(hdfsUrl), conf);
    this.root = new Path(root);
  }

  /** Reads what was appended since the last poll; {@code now} stamps the new events. */
  public void poll(long now) throws IOException {
    if (!fs.exists(root)) {
      return;
    }
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
    while (files.hasNext()) {
      LocatedFileStatus f = files.next();
      String name = f.getPath().toString();
      long from = offsets.getOrDefault(name, 0L);
      byte[] bytes;
      try (FSDataInputStream in = fs.open(f.getPath())) {
        in.seek(from);
        bytes = in.readAllBytes();
      } catch (IOException e) {
        continue; // being recovered or renamed: next poll
      }
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

  /** Total lines in HDFS now (a full read, for the duplicate count at the end). */
  public io.sluice.deploy.quickstart.LandedEvents finalCount(String hdfsUrl) throws IOException {
    return io.sluice.deploy.quickstart.LandedEvents.read(hdfsUrl, root.toString());
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
