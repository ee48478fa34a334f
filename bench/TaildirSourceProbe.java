import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Source;
import io.sluice.api.Transaction;
import io.sluice.core.channel.memory.MemoryChannelFactory;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.processing.DefaultChannelProcessor;
import io.sluice.core.processing.selector.ReplicatingChannelSelector;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.edge.taildir.TaildirSourceFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TAILDIR source thread's CPU per line over many seconds (issue #15): the bench's measured
 * backlog lasts under a second, too short for a profiler. Sluice's TAILDIR source (batchSize 100)
 * into a memory channel (capacity 100,000, transactionCapacity 1000) drained by a thread in takes
 * of 1,000 as the null sink does, in one JVM. Each round copies FILES files of 256-byte lines
 * (LINES_PER_ROUND in all, in the page cache, heads made unique so none is taken for a copy) into
 * a staging directory, moves them into the watched one and waits until every line was taken;
 * then deletes them and waits until the source closed them (the last close of a deleted file
 * frees its page cache in the closing thread, which the bench never sees). Prints per round the
 * lines/s and the source thread's CPU per line ({@code ThreadMXBean}), and over the rounds after
 * the warm-up ones the total and the median round. Run it under {@code perf record -g} with
 * {@code -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer}, or
 * with JFR at {@code jdk.ExecutionSample#period=1ms}, to profile that thread.
 *
 * <p>Usage (after {@code mvn -pl collector-edge -am compile dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp.txt}): {@code java -Xmx1g -cp
 * collector-edge/target/classes:$(cat /tmp/cp.txt) bench/TaildirSourceProbe.java DIR FILES
 * LINES_PER_ROUND ROUNDS WARMUP_ROUNDS}, e.g. {@code DIR 1 4000000 5 3}; DIR gets
 * {@code staging/}, {@code logs/} and {@code state/}, and a template file of the round's lines.
 */
public final class TaildirSourceProbe {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int files = Integer.parseInt(args[1]);
    long linesPerRound = Long.parseLong(args[2]);
    int rounds = Integer.parseInt(args[3]);
    int warmup = Integer.parseInt(args[4]);
    Path watched = Files.createDirectories(root.resolve("logs"));
    Path staging = Files.createDirectories(root.resolve("staging"));
    long perFile = linesPerRound / files;
    // One template per round's file, written once.
    Path template = staging.resolve("template");
    if (!Files.exists(template) || Files.size(template) != perFile * 256) {
      try (FileChannel out = FileChannel.open(template, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.allocate(256 * 4096);
        byte[] line = new byte[256];
        Arrays.fill(line, (byte) 'x');
        line[255] = '\n';
        for (long i = 0; i < perFile; ) {
          buf.clear();
          for (int k = 0; k < 4096 && i < perFile; k++, i++) {
            byte[] num = String.format("%020d ", i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(num, 0, line, 0, num.length);
            buf.put(line);
          }
          buf.flip();
          while (buf.hasRemaining()) {
            out.write(buf);
          }
        }
      }
    }

    MetricsRegistry metrics = new MetricsRegistry();
    MemoryChannelFactory cf = new MemoryChannelFactory();
    Map<String, String> craw = Map.of("capacity", "100000", "transactionCapacity", "1000");
    ConfigParser.Result cr = ConfigParser.parse(cf.configDef(), craw, "");
    Channel channel = cf.create(cf.configure(cr.values()),
        DefaultComponentContext.builder("a1", "c1", metrics.group("CHANNEL.c1")).build());
    DefaultChannelProcessor processor = new DefaultChannelProcessor("r1",
        new ReplicatingChannelSelector(List.of(channel), List.of()), List.of(), metrics.group("SOURCE.r1"));

    AtomicLong taken = new AtomicLong();
    Thread drain = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try (Transaction tx = channel.getTransaction()) {
          tx.begin();
          List<Event> got = tx.take(1000);
          tx.commit();
          taken.addAndGet(got.size());
        }
      }
    }, "probe-drain");
    drain.setDaemon(true);
    drain.start();

    Map<String, String> raw = new HashMap<>();
    raw.put("filegroups", "f1");
    raw.put("filegroups.f1", watched + "/app-.*[.]log");
    raw.put("positionFile", root.resolve("state").resolve("taildir_position.json").toString());
    raw.put("batchSize", "100");
    TaildirSourceFactory sf = new TaildirSourceFactory();
    ConfigParser.Result sr = ConfigParser.parse(sf.configDef(), raw, "");
    if (!sr.ok()) {
      throw new IllegalStateException(sr.problems().toString());
    }
    Source source = sf.create(sf.configure(sr.values()),
        DefaultComponentContext.builder("a1", "r1", metrics.group("SOURCE.r1")).channelProcessor(processor).build());
    source.start();
    Thread.sleep(200);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long tailId = -1;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains("tail")) {
        tailId = t.getId();
        System.out.println("source thread: " + t.getName());
      }
    }

    long expected = 0;
    long cpuSum = 0;
    long wallSum = 0;
    long lineSum = 0;
    List<Double> perRound = new ArrayList<>();
    for (int r = 0; r < warmup + rounds; r++) {
      List<Path> staged = new ArrayList<>();
      for (int i = 0; i < files; i++) {
        Path p = staging.resolve(String.format("app-%d-%d.log", r, i));
        Files.copy(template, p, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
          ch.write(ByteBuffer.wrap(String.format("r%08df%08d", r, i).getBytes(StandardCharsets.US_ASCII)), 0);
        }
        staged.add(p);
      }
      expected += perFile * files;
      Thread.sleep(300);
      long cpu0 = mx.getThreadCpuTime(tailId);
      long t0 = System.nanoTime();
      for (Path p : staged) {
        Files.move(p, watched.resolve(p.getFileName()));
      }
      while (taken.get() < expected) {
        Thread.sleep(1);
      }
      long wall = System.nanoTime() - t0;
      long cpu = mx.getThreadCpuTime(tailId) - cpu0;
      long lines = perFile * files;
      double nsPerLine = (double) cpu / lines;
      System.out.printf("round %d%s: %d lines in %.3f s (%.2fM lines/s), source thread %.1f ns/line (%.0f%% of a core)%n",
          r, r < warmup ? " (warm-up)" : "", lines, wall / 1e9, lines / (wall / 1e3), nsPerLine, 100.0 * cpu / wall);
      if (r >= warmup) {
        cpuSum += cpu;
        wallSum += wall;
        lineSum += lines;
        perRound.add(nsPerLine);
      }
      for (Path p : staged) {
        Files.delete(watched.resolve(p.getFileName()));
      }
      // The last close of a deleted file frees its page cache in the closing thread: not a cost
      // the bench's window sees, so it is paid before the next round's measurement.
      long until = System.nanoTime() + 30_000_000_000L;
      while (metrics.value("SOURCE.r1", "OpenFiles") > 0 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
    }
    perRound.sort(null);
    System.out.printf("TOTAL: %d lines, %.2fM lines/s, source thread %.1f ns/line (median round %.1f, min %.1f)%n",
        lineSum, lineSum / (wallSum / 1e3), (double) cpuSum / lineSum, perRound.get(perRound.size() / 2),
        perRound.get(0));
    source.stop();
    drain.interrupt();
    System.exit(0);
  }
}
