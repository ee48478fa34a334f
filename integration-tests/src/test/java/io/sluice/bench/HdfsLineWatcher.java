package io.sluice.bench;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.client.HdfsDataInputStream;

/**
 * What HDFS sinks writing DataStream text of {@link StampedLoad}'s lines into one directory have
 * made readable, as a reader sees it through the HDFS client: lines in finished files (their
 * length) and in in-progress {@code .tmp} files (their visible length, which counts what the
 * writer has hflushed, read from the DataNode). Lines are fixed-size (body and newline), so a
 * length is a line count. Sampled latency: every {@code sampleEvery}-th line of each file (by
 * position, so lines early and late in a sink's batch alike) is read back when it first becomes
 * visible and its age taken then ({@link StampedLoad#sentAt}); a poll's delay adds to it, so the
 * figures err high, by at most the poll interval. Not thread-safe.
 */
final class HdfsLineWatcher {
  private static final String IN_USE_SUFFIX = ".tmp";
  private static final int LINE = StampedLoad.BODY + 1;

  private final FileSystem fs;
  private final Path dir;
  private final int sampleEvery;
  /** Lines seen per file, by its final name (the in-progress name without its suffix). */
  private final Map<String, Long> lines = new HashMap<>();
  private final byte[] line = new byte[LINE];
  private long[] samples = new long[1024];
  private int sampled;
  private long sentFrom = Long.MIN_VALUE;

  HdfsLineWatcher(FileSystem fs, Path dir, int sampleEvery) {
    this.fs = fs;
    this.dir = dir;
    this.sampleEvery = sampleEvery;
  }

  /** From now on, only lines sent at or after {@code nanoTime} give latency samples. */
  void sampleFrom(long nanoTime) {
    sentFrom = nanoTime;
    sampled = 0;
  }

  /** Looks at the directory once; returns the lines readable in it. */
  long poll() throws IOException {
    if (fs.exists(dir)) {
      for (FileStatus st : fs.listStatus(dir)) {
        try {
          look(st);
        } catch (FileNotFoundException renamed) {
          // closed and renamed since the listing: the next poll finds it under its final name
        }
      }
    }
    return lines.values().stream().mapToLong(Long::longValue).sum();
  }

  private void look(FileStatus st) throws IOException {
    String name = st.getPath().getName();
    boolean inUse = name.endsWith(IN_USE_SUFFIX);
    String key = inUse ? name.substring(0, name.length() - IN_USE_SUFFIX.length()) : name;
    long known = lines.getOrDefault(key, 0L);
    if (!inUse && st.getLen() / LINE == known) {
      return;
    }
    try (FSDataInputStream in = fs.open(st.getPath())) {
      long length = inUse ? ((HdfsDataInputStream) in).getVisibleLength() : st.getLen();
      long seen = System.nanoTime();
      long now = length / LINE;
      for (long i = (known + sampleEvery - 1) / sampleEvery * sampleEvery; i < now;
          i += sampleEvery) {
        in.readFully(i * LINE, line);
        if (line[LINE - 1] != '\n') {
          throw new IOException(st.getPath() + ": line " + i + " is not " + LINE
              + " bytes; the watcher needs DataStream text of StampedLoad's bodies");
        }
        long sent = StampedLoad.sentAt(line);
        if (sent - sentFrom >= 0) {
          record(seen - sent);
        }
      }
      lines.put(key, Math.max(known, now));
    }
  }

  private void record(long nanos) {
    if (sampled == samples.length) {
      samples = Arrays.copyOf(samples, sampled * 2);
    }
    samples[sampled++] = nanos;
  }

  /** The latency sampled since {@link #sampleFrom} at quantile {@code q}, in ms (NaN if none). */
  double latencyMillis(double q) {
    if (sampled == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, sampled);
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sampled - 1, Math.floor(sampled * q))] / 1e6;
  }

  /** Latency samples taken since {@link #sampleFrom}. */
  int samples() {
    return sampled;
  }
}
