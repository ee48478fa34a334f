package io.sluice.deploy.quickstart;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * What landed in HDFS: every line of every file under a root (in-use files included, as far as
 * they were flushed), as {@code demo} bodies {@code "<prefix> <seq> ..."}: per prefix, which
 * sequence numbers were seen and how many lines repeated one. Not thread-safe: one reader.
 */
public final class LandedEvents {
  /** The HDFS sink's default {@code hdfs.inUseSuffix}, which the quickstart's aggregators keep. */
  static final String IN_USE_SUFFIX = ".tmp";
  private static final int READ_ATTEMPTS = 5;
  private final Map<String, BitSet> seen = new HashMap<>();
  private final Map<String, Long> duplicatesByPrefix = new HashMap<>();
  private long lines;
  private long duplicates;
  private long unparsed;
  private long inUse;

  /** Reads everything under {@code root} of the file system at {@code hdfsUrl}. */
  public static LandedEvents read(String hdfsUrl, String root) throws IOException {
    return read(hdfsUrl, root, HdfsBaseline.none());
  }

  /**
   * Reads what is under {@code root} beyond {@code baseline} (the files and lengths there were
   * before a drill; a partial first line after a baseline offset counts as unparsed).
   */
  public static LandedEvents read(String hdfsUrl, String root, HdfsBaseline baseline)
      throws IOException {
    return read(hdfsUrl, root, baseline, clientConf());
  }

  /** As {@link #read(String, String, HdfsBaseline)}, with these client settings. */
  public static LandedEvents read(String hdfsUrl, String root, HdfsBaseline baseline,
      Configuration conf) throws IOException {
    try (FileSystem fs = FileSystem.newInstance(URI.create(hdfsUrl), conf)) {
      // A running sink may roll (rename) a file between the listing and its read: list again.
      for (int attempt = 1; ; attempt++) {
        try {
          return read(fs, new Path(root), baseline);
        } catch (FileNotFoundException e) {
          if (attempt == READ_ATTEMPTS) {
            throw new IOException("files under " + root + " kept moving while they were read, "
                + READ_ATTEMPTS + " times: " + e.getMessage(), e);
          }
        }
      }
    }
  }

  private static LandedEvents read(FileSystem fs, Path rootPath, HdfsBaseline baseline)
      throws IOException {
    LandedEvents landed = new LandedEvents();
    if (!fs.exists(rootPath)) {
      return landed;
    }
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(rootPath, true);
    while (files.hasNext()) {
      FileStatus f = files.next();
      String name = f.getPath().toString();
      if (baseline.skip(name)) {
        continue;
      }
      if (name.endsWith(IN_USE_SUFFIX)) {
        landed.inUse++;
      }
      try (FSDataInputStream in = fs.open(f.getPath())) {
        in.seek(Math.min(baseline.offset(name), f.getLen()));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          landed.add(line);
        }
      }
    }
    return landed;
  }

  /** The HDFS client settings of a read-back: give up on an unreachable NameNode quickly. */
  public static Configuration clientConf() {
    return clientConf(Optional.empty());
  }

  /**
   * As {@link #clientConf()}, with the {@code hdfs-site.xml} of a client configuration directory
   * (an HA cluster's nameservice and failover settings).
   */
  public static Configuration clientConf(Optional<java.nio.file.Path> hadoopConfDir) {
    Configuration conf = new Configuration();
    hadoopConfDir.ifPresent(d -> conf.addResource(new Path(d.resolve("hdfs-site.xml").toUri())));
    conf.setInt("ipc.client.connect.max.retries", 1);
    return conf;
  }

  /** Counts one landed body. */
  public void add(String line) {
    lines++;
    int a = line.indexOf(' ');
    int b = a < 0 ? -1 : line.indexOf(' ', a + 1);
    long seq;
    try {
      seq = a < 0 ? -1 : Long.parseLong(b < 0 ? line.substring(a + 1) : line.substring(a + 1, b));
    } catch (NumberFormatException e) {
      seq = -1;
    }
    if (seq < 0 || seq > Integer.MAX_VALUE) {
      unparsed++;
      return;
    }
    BitSet s = seen.computeIfAbsent(line.substring(0, a), p -> new BitSet());
    if (s.get((int) seq)) {
      duplicates++;
      duplicatesByPrefix.merge(line.substring(0, a), 1L, Long::sum);
    } else {
      s.set((int) seq);
    }
  }

  public long lines() {
    return lines;
  }

  public long duplicates() {
    return duplicates;
  }

  /** Lines from {@code prefix} that repeated an earlier one. */
  public long duplicates(String prefix) {
    return duplicatesByPrefix.getOrDefault(prefix, 0L);
  }

  public long unparsed() {
    return unparsed;
  }

  /** Files read that still had the HDFS sink's in-use suffix ({@code .tmp}): not closed. */
  public long inUseFiles() {
    return inUse;
  }

  /** Distinct events landed from {@code prefix}. */
  public long distinct(String prefix) {
    BitSet s = seen.get(prefix);
    return s == null ? 0 : s.cardinality();
  }

  /**
   * The sequence numbers of 0..produced-1 from {@code prefix} that never landed, as ranges
   * ({@code "1100-1200, 1730"}), at most {@code limit} of them ("..." after).
   */
  public String missingRanges(String prefix, long produced, int limit) {
    BitSet s = seen.getOrDefault(prefix, new BitSet());
    int end = (int) Math.min(produced, Integer.MAX_VALUE);
    StringBuilder b = new StringBuilder();
    int ranges = 0;
    for (int from = s.nextClearBit(0); from < end; from = s.nextClearBit(from)) {
      if (ranges++ == limit) {
        return b.append(", ...").toString();
      }
      int to = Math.min(end, s.nextSetBit(from) < 0 ? end : s.nextSetBit(from)) - 1;
      b.append(b.length() == 0 ? "" : ", ").append(from).append(from == to ? "" : "-" + to);
      from = to + 1;
    }
    return b.toString();
  }

  /** Of the sequence numbers 0..produced-1 from {@code prefix}, how many never landed. */
  public long missing(String prefix, long produced) {
    BitSet s = seen.get(prefix);
    long present = s == null ? 0 : s.get(0, (int) Math.min(produced, Integer.MAX_VALUE)).cardinality();
    return produced - present;
  }
}
