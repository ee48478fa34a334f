package io.sluice.bench;

import io.sluice.it.flume.FlumeAgentProcess;
import io.sluice.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code bench/run kafka [events] [runs]}: Sluice's Kafka sink and source against Apache Flume
 * 1.11.0's, in the same run, against the same in-process KRaft broker. Each agent runs in a JVM of
 * its own. Cell {@code sink}: Kafka source (a pre-filled topic of 256-byte records, 3 partitions)
 * → memory channel → Kafka sink ({@code acks=all}) into a fresh topic, measured between the first
 * record in the output topic and the last. Cell {@code source}: the same source → memory → null,
 * measured by the group's committed offsets. Cell {@code channel}: the same source → Kafka channel
 * ({@code parseAsFlumeEvent} default true, {@code acks=all}, a fresh three-partition topic) → null,
 * so each event is put (produced, acknowledged) and taken (consumed, offset committed); measured by
 * the channel group's committed offsets. Source batch, channel transaction and sink batch all
 * equal the point's batch size ({@code -Dsluice.bench.batches=100,1000}; cells:
 * {@code -Dsluice.bench.cells=sink,source,channel}, default sink,source). Figures: records/s and the agent process's CPU per
 * record. {@code -Dsluice.bench.warmup=N}: each fresh agent first moves N records unmeasured (the
 * input topic holds N + events), so the later figure is the steady state after the JIT compilers'
 * busiest seconds and the early figure is the cold agent's warm-up (default 0: the early figure is
 * the whole run, the later one its second half). One unrecorded pass of each agent warms the
 * broker first; runs alternate which agent goes first (an even number of runs gives each agent the
 * first place equally often; the median is then the mean of the middle two). Each point's topics
 * are deleted after it, and the next point starts once their files are gone and synced.
 * {@code -Dsluice.bench.pin=0:1} pins this JVM (the broker) to CPU 0 and each agent
 * to CPU 1 ({@code taskset}, every thread). {@code -Dsluice.bench.agents=sluice} runs one agent only
 * (profiling); {@code -Dsluice.bench.agentJvmArgs="..."} passes JVM options (e.g. JFR) to Sluice's
 * agent; {@code -Dsluice.bench.threadCpu=true} prints each agent's CPU per record by thread name
 * over the measured interval ({@code /proc/<pid>/task/*}{@code /stat}, Linux) and the agent's age
 * at the interval's bounds, to match its JIT log's time stamps (e.g. {@code -XX:+LogCompilation}
 * through {@code agentJvmArgs}, items separated by commas), and the bench JVM's (the broker's) CPU
 * and the broker's requests by type per record after the half or warm-up ({@link
 * BrokerRequests}). Sluice's agent gets the heap options
 * {@code bin/sluice} would give it for its config (a young generation for a large memory channel;
 * none for the Kafka channel), no {@code -Xmx}; Flume's and the bare client's JVMs get
 * {@code -Xmx1g}. Agent {@code sluice-base} (e.g.
 * {@code -Dsluice.bench.agents=sluice,sluice-base,flume}) is Sluice with the config lines of
 * {@code -Dsluice.bench.baselineConf} (separated by {@code ;}) appended, and, when
 * {@code -Dsluice.bench.baselineJvmArgs} is set (e.g. {@code -Xmx1g}, the options before the
 * launcher sized the young generation), those JVM options instead of the launcher's, for an A/B of
 * a setting in one run (and {@code -Dsluice.bench.sluiceConf}, lines appended to agent {@code
 * sluice}'s config, the other side of such an A/B); with {@code -Dsluice.bench.baselineClasspath} it runs from that class path
 * instead of this JVM's (another build's jars: an A/B of code in one run). Agent {@code bare} ({@link BareKafkaAgent}, e.g. {@code -Dsluice.bench.agents=sluice,flume,bare})
 * is the floor: the cell's Kafka work done with plain kafka-clients, configured as Sluice's
 * components configure them, in a JVM of its own launched, pinned and measured like the agents (it
 * skips the broker-warming pass, which the agents before it have done); it applies the sink's or
 * channel's {@code kafka.producer.*} keys as the components do, and the config lines of
 * {@code -Dsluice.bench.bareConf} are appended to its config (e.g. a producer setting's floor). Prints every point and the
 * medians. Not a test.
 */
public final class KafkaSinkBench {
  private static final int PARTITIONS = 3;
  private static final int EVENT_BYTES = 256;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration LOOK_PAUSE = Duration.ofMillis(10);
  /** The share of the later part's events that its "bulk" figure covers. */
  private static final double BULK_SHARE = 0.9;

  private KafkaSinkBench() {}

  /**
   * One agent's run: output records/s and CPU microseconds of the agent per record, over the early
   * part of the run (from its first record; with a warm-up, the warm-up itself: the cold agent), over
   * the later part (with a warm-up, the measured events after it; without, the second half), and over
   * the later part's first {@value #BULK_SHARE} of its events ("bulk"): an agent that slows at the end
   * of the topic (Flume's source backing off after empty polls) is then measured on its bulk as well.
   * In the channel cell the window is set by the takes, while the puts may have run ahead (a
   * backlog in the channel's topic when it starts, {@code putsAhead}); its bulk counts each event
   * as half a put and half a take, so that puts made before the window do not make it look cheaper.
   */
  record Point(String cell, String agent, int batch, double eventsPerSec, double cpuMicrosPerEvent,
      double laterEventsPerSec, double laterCpuMicrosPerEvent, double bulkEventsPerSec,
      double bulkCpuMicrosPerEvent, long putsAhead) {}

  /** How many records a point has moved so far. */
  private interface Progress {
    long count() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    // records each fresh agent moves before its measured interval, so the JIT compilers are past
    // their busiest seconds (the same for both agents); the input topic holds warmup + events
    int warmup = Integer.getInteger("sluice.bench.warmup", 0);
    List<Integer> batches = Arrays.stream(System.getProperty("sluice.bench.batches", "100,1000").split(","))
        .map(String::trim).map(Integer::valueOf).toList();
    List<String> cells = Arrays.stream(System.getProperty("sluice.bench.cells", "sink,source").split(","))
        .map(String::trim).toList();
    Path work = Files.createTempDirectory("sluice-kafka-bench");
    String[] pin = System.getProperty("sluice.bench.pin", "").split(":");
    String agentCpus = pin.length == 2 ? pin[1] : null;
    if (agentCpus != null) {
      pin(ProcessHandle.current(), pin[0]);
    }
    List<String> agents = Arrays.stream(System.getProperty("sluice.bench.agents", "sluice,flume").split(","))
        .map(String::trim).toList();
    List<Point> points = new ArrayList<>();
    try (KafkaBroker kafka = KafkaBroker.singleForBench();
        Admin admin = Admin.create(kafka.clientProperties())) {
      String input = kafka.newTopic("bench-in", PARTITIONS);
      fill(kafka, input, warmup + events);
      int seq = 0;
      // one unrecorded pass warms the in-process broker, which would otherwise slow run 1's first agent
      for (String agent : agents) {
        if (agent.equals("sluice-base") || agent.equals("bare")) {
          continue; // sluice-base is sluice's program; the agents' passes have warmed the broker
        }
        String output = kafka.newTopic("bench-warmup", PARTITIONS);
        measure(agent, "sink", batches.get(0), work.resolve(agent + "-warmup"), warmup, events,
            config(kafka.bootstrapServers(), input, output, "warmup-" + agent, batches.get(0)),
            () -> landed(admin, output), null, agentCpus, false);
        delete(kafka, admin, List.of(output));
      }
      for (int run = 1; run <= runs; run++) {
        for (String cell : cells) {
          for (int batch : batches) {
            List<String> order = new ArrayList<>(agents);
            if (run % 2 == 0) {
              java.util.Collections.reverse(order);
            }
            for (String agent : order) {
              String group = "g" + (++seq);
              String output = kafka.newTopic("bench-out", PARTITIONS);
              String conf = config(kafka.bootstrapServers(), input, output, group, batch);
              Progress progress = () -> landed(admin, output);
              Progress puts = null;
              List<String> written = new ArrayList<>(List.of(output));
              if (cell.equals("source")) {
                conf = nullSink(conf, batch);
                progress = () -> committed(admin, group);
              } else if (cell.equals("channel")) {
                String takers = group + "-channel";
                String channelTopic = kafka.newTopic("bench-channel", PARTITIONS);
                written.add(channelTopic);
                conf = kafkaChannel(nullSink(conf, batch), kafka.bootstrapServers(), channelTopic, takers);
                progress = () -> committed(admin, takers);
                puts = () -> committed(admin, group); // the source commits after each channel put
              }
              Path dir = work.resolve(agent + "-" + seq);
              Point p = measure(agent, cell, batch, dir, warmup, events, conf, progress, puts, agentCpus, true);
              delete(kafka, admin, written);
              points.add(p);
              if (run == 1 && agent.startsWith("sluice")) {
                System.out.println("  " + agent + "'s JVM options: "
                    + Files.readString(dir.resolve("command.txt")).strip().replaceFirst("^\\S+\\s*", ""));
              }
              System.out.printf(Locale.ROOT, "run %d | %-7s | batch %4d | %-6s | %s %9.0f events/s, cpu %.2f"
                  + " us/event | %s %9.0f events/s, cpu %.2f us/event | bulk %9.0f events/s, cpu %.2f us/event%s%n",
                  run, cell, batch, agent, warmup > 0 ? "warm-up" : "whole", p.eventsPerSec(), p.cpuMicrosPerEvent(),
                  warmup > 0 ? "after warm-up" : "second half", p.laterEventsPerSec(), p.laterCpuMicrosPerEvent(),
                  p.bulkEventsPerSec(), p.bulkCpuMicrosPerEvent(),
                  puts == null ? "" : " | puts ahead of takes at the start: " + p.putsAhead());
            }
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%n%d events of %d bytes after %d unmeasured, medians of %d run(s); sink = Kafka source -> memory"
        + " -> Kafka sink (acks=all), source = Kafka source -> memory -> null, channel = Kafka source -> Kafka"
        + " channel (acks=all) -> null%n", events, EVENT_BYTES, warmup, runs);
    if (warmup > 0) {
      System.out.println("Steady state: the " + events + " events after each agent's warm-up:");
      table(points, cells, batches, Point::laterEventsPerSec, Point::laterCpuMicrosPerEvent);
      System.out.println("\nBulk: the first " + (int) (BULK_SHARE * 100) + "% of those events (without the"
          + " end of the topic):");
      table(points, cells, batches, Point::bulkEventsPerSec, Point::bulkCpuMicrosPerEvent);
      System.out.println("\nCold: each agent's first " + warmup + " events (its warm-up), from its first record:");
      table(points, cells, batches, Point::eventsPerSec, Point::cpuMicrosPerEvent);
    } else {
      System.out.println("Whole run, from each agent's first record:");
      table(points, cells, batches, Point::eventsPerSec, Point::cpuMicrosPerEvent);
      System.out.println("\nSecond half of each run only:");
      table(points, cells, batches, Point::laterEventsPerSec, Point::laterCpuMicrosPerEvent);
      System.out.println("\nBulk: the first " + (int) (BULK_SHARE * 100) + "% of the second half:");
      table(points, cells, batches, Point::bulkEventsPerSec, Point::bulkCpuMicrosPerEvent);
    }
  }

  private static void table(List<Point> points, List<String> cells, List<Integer> batches,
      ToDoubleFunction<Point> rate, ToDoubleFunction<Point> cpu) {
    System.out.println("| cell | batch | Sluice events/s | Flume events/s | ratio | Sluice cpu us/event"
        + " | Flume cpu us/event | cpu ratio |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (String cell : cells) {
      for (int batch : batches) {
        double se = median(points, cell, "sluice", batch, rate);
        double fe = median(points, cell, "flume", batch, rate);
        double sc = median(points, cell, "sluice", batch, cpu);
        double fc = median(points, cell, "flume", batch, cpu);
        System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.2fx | %.2f | %.2f | %.2f |%n",
            cell, batch, se, fe, se / fe, sc, fc, sc / fc);
        if (points.stream().anyMatch(p -> p.agent().equals("bare"))) {
          double be = median(points, cell, "bare", batch, rate);
          double bc = median(points, cell, "bare", batch, cpu);
          System.out.printf(Locale.ROOT, "|   bare kafka-clients | %d | %.0f | bare / Flume %.2fx | Sluice / bare %.2fx"
              + " | %.2f | bare / Flume cpu %.2f | Sluice / bare cpu %.2f |%n", batch, be, be / fe, se / be, bc,
              bc / fc, sc / bc);
        }
        if (points.stream().anyMatch(p -> p.agent().equals("sluice-base"))) {
          double be = median(points, cell, "sluice-base", batch, rate);
          double bc = median(points, cell, "sluice-base", batch, cpu);
          System.out.printf(Locale.ROOT, "|   sluice-base | %d | %.0f | | sluice / base %.2fx | %.2f | | sluice / base cpu %.2f |%n",
              batch, be, se / be, bc, sc / bc);
        }
      }
    }
  }

  /** The same agent with a null sink in place of the Kafka sink. */
  private static String nullSink(String conf, int batch) {
    String kept = conf.lines().filter(l -> !l.startsWith("a1.sinks.k1.")).collect(Collectors.joining("\n"));
    return kept + "\na1.sinks.k1.type = null\na1.sinks.k1.channel = c1\na1.sinks.k1.batchSize = " + batch + "\n";
  }

  /**
   * The same agent with a Kafka channel in place of the memory channel. Flume's channel starts a
   * fresh group at the latest offset, which could miss the first puts: both start at the earliest.
   */
  private static String kafkaChannel(String conf, String servers, String topic, String group) {
    String kept = conf.lines().filter(l -> !l.startsWith("a1.channels.c1.")).collect(Collectors.joining("\n"));
    return kept + """

        a1.channels.c1.type = org.apache.flume.channel.kafka.KafkaChannel
        a1.channels.c1.kafka.bootstrap.servers = %s
        a1.channels.c1.kafka.topic = %s
        a1.channels.c1.kafka.consumer.group.id = %s
        a1.channels.c1.kafka.consumer.auto.offset.reset = earliest
        """.formatted(servers, topic, group);
  }

  static String config(String servers, String input, String output, String group, int batch) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = org.apache.flume.source.kafka.KafkaSource
        a1.sources.r1.kafka.bootstrap.servers = %1$s
        a1.sources.r1.kafka.topics = %2$s
        a1.sources.r1.kafka.consumer.group.id = %4$s
        a1.sources.r1.kafka.consumer.auto.offset.reset = earliest
        a1.sources.r1.batchSize = %5$d
        a1.sources.r1.batchDurationMillis = 100
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 100000
        a1.channels.c1.transactionCapacity = %5$d
        a1.sinks.k1.type = org.apache.flume.sink.kafka.KafkaSink
        a1.sinks.k1.channel = c1
        a1.sinks.k1.kafka.bootstrap.servers = %1$s
        a1.sinks.k1.kafka.topic = %3$s
        a1.sinks.k1.allowTopicOverride = false
        a1.sinks.k1.flumeBatchSize = %5$d
        a1.sinks.k1.kafka.producer.acks = all
        """.formatted(servers, input, output, group, batch);
  }

  /** Pre-fills the input topic with {@code events} records of {@value #EVENT_BYTES} bytes. */
  private static void fill(KafkaBroker kafka, String topic, int events) throws Exception {
    Map<String, Object> p = new HashMap<>(kafka.clientProperties());
    p.put("acks", "all");
    p.put("linger.ms", "20");
    p.put("batch.size", Integer.toString(256 * 1024));
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    byte[] body = new byte[EVENT_BYTES];
    Arrays.fill(body, (byte) 'x');
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      List<Future<?>> acks = new ArrayList<>(events);
      for (int i = 0; i < events; i++) {
        acks.add(producer.send(new ProducerRecord<>(topic, body)));
      }
      producer.flush();
      for (Future<?> ack : acks) {
        ack.get();
      }
    }
  }

  /**
   * One fresh agent moving {@code warmup + events} records. With a warm-up, the early figure covers
   * the warm-up (first record to {@code warmup}) and the later one the {@code events} after it;
   * without, the early figure covers the whole run and the later one its second half. The
   * {@code *Conf} lines are appended only with {@code extraConf} (not to the broker's warm-up pass,
   * a sink cell, where a channel or source line may not apply).
   */
  private static Point measure(String agent, String cell, int batch, Path dir, int warmup, int events,
      String conf, Progress progress, Progress puts, String cpus, boolean extraConf) throws Exception {
    Files.createDirectories(dir);
    AutoCloseable stop;
    ProcessHandle process;
    if (agent.equals("flume")) {
      FlumeAgentProcess flume = FlumeAgentProcess.start(dir, conf, "1g", Duration.ofSeconds(60));
      process = ProcessHandle.of(flume.pid()).orElseThrow();
      stop = flume;
    } else {
      Process sluice = agent.equals("bare") ? startBare(dir, conf + extraConf("sluice.bench.bareConf", extraConf))
          : agent.equals("sluice-base") ? startSluice(dir, conf + extraConf("sluice.bench.baselineConf", extraConf), true)
          : startSluice(dir, conf + extraConf("sluice.bench.sluiceConf", extraConf), false);
      process = sluice.toHandle();
      stop = () -> {
        sluice.destroy();
        sluice.waitFor();
      };
    }
    try (AutoCloseable ignored = stop) {
      if (cpus != null) {
        pin(process, cpus);
      }
      long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
      long first;
      while ((first = progress.count()) == 0) {
        check(process, deadline, agent, dir);
      }
      long t0 = System.nanoTime();
      long cpu0 = cpuNanos(process);
      Map<String, Long> threads0 = ThreadCpu.byName(process.pid());
      long total = warmup + events;
      long half = warmup > 0 ? warmup : first + (total - first) / 2;
      long mid;
      while ((mid = progress.count()) < half) {
        check(process, deadline, agent, dir);
      }
      long tMid = System.nanoTime();
      long cpuMid = cpuNanos(process);
      long putsMid = puts == null ? mid : puts.count();
      Map<String, Long> threadsMid = ThreadCpu.byName(process.pid());
      Map<String, Long> requestsMid = BrokerRequests.counts();
      long benchCpuMid = cpuNanos(ProcessHandle.current());
      long bulkEnd = mid + (long) (BULK_SHARE * (total - mid));
      long bulk;
      while ((bulk = progress.count()) < bulkEnd) {
        check(process, deadline, agent, dir);
      }
      long tBulk = System.nanoTime();
      long cpuBulk = cpuNanos(process);
      // a channel's event is a put and a take: half of each counted, wherever the window caught them
      double bulkEvents = puts == null ? bulk - mid : ((puts.count() - putsMid) + (bulk - mid)) / 2.0;
      long last;
      while ((last = progress.count()) < total) {
        check(process, deadline, agent, dir);
      }
      long t1 = System.nanoTime();
      long cpu1 = cpuNanos(process);
      Map<String, Long> requests1 = BrokerRequests.counts();
      long benchCpu1 = cpuNanos(ProcessHandle.current());
      // with a warm-up the early figure ends where the measured interval starts
      long earlyEnd = warmup > 0 ? mid : last;
      long tEarlyEnd = warmup > 0 ? tMid : t1;
      long cpuEarlyEnd = warmup > 0 ? cpuMid : cpu1;
      double n = earlyEnd - first;
      double later = last - mid;
      if (Boolean.getBoolean("sluice.bench.threadCpu")) {
        Map<String, Long> threads1 = ThreadCpu.byName(process.pid());
        String label = agent + " " + cell + " batch " + batch;
        // seconds of the agent's life, to match its JIT logs' time stamps to the intervals
        java.time.Instant born = process.info().startInstant().orElse(java.time.Instant.EPOCH);
        System.out.printf(Locale.ROOT, "  %s: pid %d, first record at %.2f s of its life, warm-up/half ends at %.2f s,"
            + " last record at %.2f s%n", label, process.pid(), age(born, t0), age(born, tMid), age(born, t1));
        if (warmup > 0) {
          ThreadCpu.print(label + ", warm-up", threads0, threadsMid, n);
          ThreadCpu.print(label + ", after warm-up", threadsMid, threads1, later);
        } else {
          ThreadCpu.print(label, threads0, threads1, n);
          ThreadCpu.print(label + ", second half", threadsMid, threads1, later);
        }
        // the broker shares the bench's JVM (and, pinned, its core) with the bench's own light polling
        System.out.printf(Locale.ROOT, "  bench JVM (broker), %s, from the half or warm-up's end: %.2f us/record%n",
            label, (benchCpu1 - benchCpuMid) / 1e3 / later);
        BrokerRequests.print(label + ", from the half or warm-up's end", requestsMid, requests1, later);
      }
      return new Point(cell, agent, batch, n / ((tEarlyEnd - t0) / 1e9), (cpuEarlyEnd - cpu0) / 1e3 / n,
          later / ((t1 - tMid) / 1e9), (cpu1 - cpuMid) / 1e3 / later,
          bulkEvents / ((tBulk - tMid) / 1e9), (cpuBulk - cpuMid) / 1e3 / bulkEvents, putsMid - mid);
    }
  }

  /**
   * The config lines in system property {@code name} ({@code ;}-separated): {@code baselineConf}
   * for {@code sluice-base}, {@code bareConf} for {@code bare}; none unless {@code wanted}.
   */
  private static String extraConf(String name, boolean wanted) {
    StringBuilder lines = new StringBuilder("\n");
    if (!wanted) {
      return lines.toString();
    }
    for (String line : System.getProperty(name, "").split(";")) {
      lines.append(line.trim()).append('\n');
    }
    return lines.toString();
  }

  /** Seconds from {@code born} to the moment {@code at} (a {@code System.nanoTime()} reading). */
  private static double age(java.time.Instant born, long at) {
    long sinceBorn = Duration.between(born, java.time.Instant.now()).toNanos();
    return (sinceBorn - (System.nanoTime() - at)) / 1e9;
  }

  /**
   * Fails if the agent died or is past its deadline, then pauses before the next look at the
   * progress: every look is an admin request to the broker, which shares CPU 0 with this JVM when
   * pinned, and back-to-back looks (about a thousand a second) slowed the broker both agents wait
   * on. A look every {@link #LOOK_PAUSE} moves an interval's bounds by at most that, under 0.2% of
   * a measured interval of several seconds.
   */
  private static void check(ProcessHandle process, long deadline, String agent, Path dir) {
    if (!process.isAlive() || System.nanoTime() > deadline) {
      throw new IllegalStateException(agent + " agent " + (process.isAlive() ? "too slow" : "died")
          + "; its log is in " + dir);
    }
    java.util.concurrent.locks.LockSupport.parkNanos(LOOK_PAUSE.toNanos());
  }

  /** Records in the output topic: the sum of its partitions' end offsets. */
  private static long landed(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> q = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      q.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return admin.listOffsets(q).all().get().values().stream().mapToLong(i -> i.offset()).sum();
  }

  /** Records the group has consumed and committed: the sum of its committed offsets. */
  private static long committed(Admin admin, String group) throws Exception {
    return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
        .filter(java.util.Objects::nonNull).mapToLong(o -> o.offset()).sum();
  }

  /**
   * A Sluice agent in a JVM of its own, as {@code bin/sluice agent} starts it: the launcher's heap
   * options for this config ({@link LauncherHeapOptions}), or for {@code sluice-base} those of
   * {@code -Dsluice.bench.baselineJvmArgs} when set (e.g. {@code -Xmx1g}, the bench's options before
   * session 20); then {@code -Dsluice.bench.agentJvmArgs}. {@code sluice-base} runs from
   * {@code -Dsluice.bench.baselineClasspath} when set.
   */
  private static Process startSluice(Path dir, String conf, boolean base) throws Exception {
    Path file = Files.writeString(dir.resolve("sluice.properties"), conf);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String baseJvm = System.getProperty("sluice.bench.baselineJvmArgs");
    command.addAll(base && baseJvm != null ? jvmArgs(baseJvm) : LauncherHeapOptions.forAgent("a1", file));
    command.addAll(jvmArgs(System.getProperty("sluice.bench.agentJvmArgs", "")));
    Files.writeString(dir.resolve("command.txt"), String.join(" ", command) + "\n");
    String baseCp = System.getProperty("sluice.bench.baselineClasspath");
    command.addAll(List.of("-cp", base && baseCp != null ? baseCp : System.getProperty("java.class.path"),
        "io.sluice.deploy.SluiceMain", "agent",
        "-n", "a1", "-f", file.toString(), "--no-reload-conf"));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile())
        .start();
  }

  /** JVM options separated by whitespace or by a comma before a dash. */
  private static List<String> jvmArgs(String items) {
    return items.isBlank() ? List.of() : List.of(items.trim().split("\\s+|,(?=-)"));
  }

  /** The floor, {@link BareKafkaAgent}, in a JVM started as {@link #startSluice} starts an agent. */
  private static Process startBare(Path dir, String conf) throws Exception {
    Path file = Files.writeString(dir.resolve("agent.properties"), conf);
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-cp", System.getProperty("java.class.path"), BareKafkaAgent.class.getName(), file.toString());
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile())
        .start();
  }

  /** Binds every thread of {@code p} to {@code cpus}; threads it starts later inherit the binding. */
  private static void pin(ProcessHandle p, String cpus) throws Exception {
    Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(p.pid()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (taskset.waitFor() != 0) {
      throw new IllegalStateException("taskset could not pin process " + p.pid() + " to CPUs " + cpus);
    }
  }

  /**
   * Deletes a point's topics once it is measured: with a long warm-up every point writes gigabytes
   * (10,000,000 records of 256 bytes are about 2.7 GB per topic), more than the disk holds for a
   * whole invocation. Then waits for the broker to have removed their files and for the disk to
   * have taken what the point wrote ({@code sync}), so that neither falls into the next point: with
   * Kafka's default the files went a minute later, inside the next agent's run, and the first
   * point of each run cost both agents more than the second (session 29).
   */
  private static void delete(KafkaBroker kafka, Admin admin, List<String> topics) throws Exception {
    long start = System.nanoTime();
    admin.deleteTopics(topics).all().get();
    kafka.awaitFilesGone(topics, Duration.ofMinutes(2));
    int sync = new ProcessBuilder("sync").inheritIO().start().waitFor();
    System.out.printf(Locale.ROOT, "  deleted %d topic(s), their files gone and synced (exit %d) in %.1f s%n",
        topics.size(), sync, (System.nanoTime() - start) / 1e9);
  }

  private static long cpuNanos(ProcessHandle p) {
    return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private static double median(List<Point> points, String cell, String agent, int batch,
      ToDoubleFunction<Point> figure) {
    double[] v = points.stream().filter(p -> p.cell().equals(cell) && p.agent().equals(agent) && p.batch() == batch)
        .mapToDouble(figure).sorted().toArray();
    // with an even number of runs (each agent first as often), the mean of the two middle values
    return v.length == 0 ? Double.NaN : PairedRatios.quantile(v, 0.5);
  }
}
