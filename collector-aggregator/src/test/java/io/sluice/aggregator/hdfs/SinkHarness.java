package io.sluice.aggregator.hdfs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.Status;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestQueueChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.util.ReflectionUtils;
import org.awaitility.Awaitility;

/** Builds an HDFS sink over a test channel, feeds it, and reads its files back with Hadoop's readers. */
final class SinkHarness {
  final TestQueueChannel channel = new TestQueueChannel("c1", 1_000_000);
  final MetricsRegistry metrics = new MetricsRegistry();
  final HdfsSink sink;

  private final String name;

  SinkHarness(Map<String, String> raw, Clock clock, Configuration conf) {
    this("k1", raw, clock, conf, new KerberosLogins());
  }

  /** A sink named {@code name} whose Kerberos logins come from {@code logins}. */
  SinkHarness(String name, Map<String, String> raw, Clock clock, Configuration conf, KerberosLogins logins) {
    this.name = name;
    HdfsSinkFactory f = new HdfsSinkFactory();
    HdfsSinkConfig config = Configs.configure(f, raw);
    sink = new HdfsSink(name, channel, config, conf, DefaultComponentContext.builder("a1", name,
        metrics.group("SINK." + name)).channel(channel).clock(clock).build(), logins);
  }

  /** {@code base} with the key-value pairs given after it put over it. */
  static Map<String, String> keys(Map<String, String> base, String... keyValues) {
    Map<String, String> raw = new HashMap<>(base);
    for (int i = 0; i < keyValues.length; i += 2) {
      raw.put(keyValues[i], keyValues[i + 1]);
    }
    return raw;
  }

  HdfsSink start() throws IOException {
    sink.start();
    return sink;
  }

  static List<Event> events(int from, int to, Map<String, String> headers) {
    List<Event> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(Event.of(new HashMap<>(headers), ("event-" + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  void offer(List<Event> events) {
    channel.putAllCommitted(events);
  }

  /** Calls process() until the channel is empty, tolerating failures, within the deadline. */
  int drain(Duration deadline) {
    int[] failures = {0};
    EventDeliveryException[] last = {null};
    try {
      Awaitility.await().atMost(deadline).pollInterval(Duration.ofMillis(20)).until(() -> {
        try {
          return sink.process() == Status.BACKOFF && channel.size() == 0;
        } catch (EventDeliveryException e) {
          failures[0]++;
          last[0] = e;
          return false;
        }
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("channel not drained after " + failures[0] + " failed batches", last[0]);
    }
    return failures[0];
  }

  void awaitClosed(Duration deadline) {
    Awaitility.await().atMost(deadline).until(() -> metric("FilesPendingClose") == 0);
  }

  long metric(String name) {
    return metrics.value("SINK." + this.name, name);
  }

  long dropped(ComponentMetrics.DropReason reason) {
    return metrics.group("SINK." + this.name).dropped(reason).get();
  }

  // ---- reading back ----

  static List<Path> files(FileSystem fs, Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      out.add(it.next().getPath());
    }
    out.sort(null);
    return out;
  }

  static List<String> names(List<Path> paths) {
    return paths.stream().map(Path::getName).toList();
  }

  static List<String> readText(FileSystem fs, Path file, Configuration conf) throws IOException {
    String name = file.getName();
    // An open file's codec shows before its in-use suffix.
    Path byName = new Path(name.endsWith(".tmp") ? name.substring(0, name.length() - 4) : name);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(byName);
    try (InputStream raw = fs.open(file);
         InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return all.isEmpty() ? List.of() : List.of(all.split("\n"));
    }
  }

  /** Values of a SequenceFile as strings, checking keys are LongWritable. */
  static List<String> readSequenceFile(FileSystem fs, Path file, Configuration conf) throws IOException {
    List<String> out = new ArrayList<>();
    try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(fs.makeQualified(file)))) {
      assertTrue(r.getKeyClass() == LongWritable.class, "key class " + r.getKeyClass());
      LongWritable key = new LongWritable();
      Writable value = (Writable) ReflectionUtils.newInstance(r.getValueClass(), conf);
      while (r.next(key, value)) {
        if (value instanceof BytesWritable b) {
          out.add(new String(b.copyBytes(), StandardCharsets.UTF_8));
        } else {
          out.add(((Text) value).toString());
        }
      }
    }
    return out;
  }

  static List<GenericRecord> readAvro(FileSystem fs, Path file) throws IOException {
    List<GenericRecord> out = new ArrayList<>();
    FileStatus st = fs.getFileStatus(file);
    try (FSDataInputStream in = fs.open(file);
         DataFileReader<GenericRecord> r = new DataFileReader<>(new FsSeekable(in, st.getLen()),
             new GenericDatumReader<>())) {
      r.forEach(out::add);
    }
    return out;
  }

  /** Avro's SeekableInput over an HDFS stream. */
  private record FsSeekable(FSDataInputStream in, long length) implements SeekableInput {
    @Override
    public void seek(long p) throws IOException {
      in.seek(p);
    }

    @Override
    public long tell() throws IOException {
      return in.getPos();
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
