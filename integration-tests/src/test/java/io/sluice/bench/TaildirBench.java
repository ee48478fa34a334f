package io.sluice.bench;

import io.sluice.it.flume.FlumeAgentProcess;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The TAILDIR benchmark (issue #15): Apache Flume 1.11.0's TAILDIR source and Sluice's on the same
 * files, each agent in a JVM of its own (same heap), running the same Flume-format config text:
 * {@code TAILDIR (batchSize 100) → memory | file channel → null sink}. Lines are 256 bytes with
 * their newline. For each cell (number of files × channel) and each run, each agent gets, in a
 * fresh process with a fresh position file and channel directories:
 *
 * <ol>
 *   <li><b>Backlog throughput.</b> The lines, written once per cell into a staging directory
 *       before any agent starts, are hard-linked into the agent's (empty, already watched)
 *       directory at once. Lines/s = lines / (time the channel's {@code EventTakeSuccessCount},
 *       the null sink's committed takes, reached them all − last time the source's
 *       {@code EventAcceptedCount} was still 0); Flume 1.11's null sink keeps no counter of its
 *       own. So a source's delay in noticing new files is not counted against its throughput (it
 *       is printed as "start"). Right before the link, each agent drains one sink batch (1,000
 *       lines, a file of its own, unmeasured) and the backlog is linked as soon as that shows in
 *       the counters: its null sink is then waiting in the channel's take, not asleep in its
 *       runner's backoff (up to 5 s, deaf to the channel, in both agents), so neither sink's
 *       backoff lands in the window (see {@code wakeSinks}). The busiest threads of the agent
 *       over the backlog are printed from {@code /proc/<pid>/task}, with the counter polls in
 *       the window and the JIT compilations ({@code jstat -compiler}). The counters are read
 *       every 20 ms at both ends of the window only, and requested 6,000 times after the warm-up
 *       backlog, so the
 *       agent's HTTP monitoring and its JIT weigh little in the measured CPU (see
 *       {@code backlog}). CPU-seconds per million lines = the agent
 *       process's utime+stime ({@code /proc/<pid>/stat}) from the link to the last line
 *       drained, over the lines.
 *   <li><b>Append-to-commit latency.</b> A writer in this JVM appends lines (each carrying its
 *       index and write time) at a steady rate, round-robin over the same files, one
 *       {@code write(2)} per line; a poller reads the source's {@code EventAcceptedCount} every
 *       5 ms. Flume and Sluice both count a batch as accepted only after the channel transaction
 *       committed, so the i-th line written is taken as committed at the first poll that saw
 *       more than i lines accepted (the horizontal distance between the written and the
 *       committed curves; exact when files are read in write order, otherwise a lag in lines
 *       turned into time). The poll's response time is used, so a latency is overstated by up
 *       to one poll interval plus the request (about 5 ms), never understated. Lines not
 *       accepted 30 s after the last timed line was written count as infinitely late.
 *   <li><b>Steady CPU.</b> Once the poller has seen every timed line and stopped, the writer goes
 *       on at the same rate for {@code --steady-warmup} seconds (default 0) that are not measured,
 *       so that the agent's JIT compiler can settle, then for {@code --steady-seconds}; the
 *       agent's CPU over that last window per line written in it (no metric requests in it).
 * </ol>
 *
 * Both agents serve Flume's JSON counters ({@code -Dflume.monitoring.type=http}) on a port of their
 * own; Flume's HTTP server needs its Jetty jars, taken with its file channel from
 * {@code integration-tests/target/flume-lib} ({@code -Dsluice.flume.lib}). Which agent goes first
 * alternates from run to run. Prints every run and the medians per cell.
 *
 * <p>Arguments (all optional): {@code --files 1,10,1000 --channels memory,file --runs 3
 * --lines-memory N --lines-file N --rate 10000 --latency-seconds 6 --steady-seconds 4
 * --steady-warmup 0 --dir DIR --agents sluice,flume --backlog-timeout 300 --backlog-warmup 0
 * --warmup-rounds 1}.
 * {@code --backlog-warmup N} links N more lines (files of other names, matched by the same
 * pattern) into each agent first, waits until they drained and the agent is quiet, then measures
 * the backlog in the same process (its JIT past the backlog path's warm-up, JFR cut to the
 * measured backlog), and deletes the warm-up's files before the latency phase.
 * {@code --warmup-rounds R} does that warm-up R times, each with N lines in new files of its own
 * names and line numbers: a JIT that compiled the backlog path in the middle of the first round
 * meets the files' ends and the next files' arrival there, and recompiles what those took it out
 * of in the next round rather than in the measured backlog. After each round the bench waits at
 * least 5 s (and until the agent is quiet): both agents' null sinks then come back once from an
 * empty take (the memory channel's keep-alive, 3 s) before the next round, so a JIT that traps on
 * that first empty take recompiles the sink's loop in the next round, not in the measured backlog.
 * {@code -Dsluice.bench.jfr=DIR} records each agent with JFR (profile settings, Java code sampled
 * every 1 ms) into DIR and prints its hottest frames; {@code -Dsluice.bench.agentJvmArgs="..."}
 * adds JVM options to Sluice's agent; {@code -Dsluice.bench.trace=true} prints every backlog
 * counter poll (ms since the link, lines accepted, lines drained).
 * Run with {@code bench/run taildir}. Not a test.
 */
public final class TaildirBench {
  static final int LINE = 256;
  /** The warm-up backlog's first line number (12 digits), far from the measured backlog's. */
  private static final long WARMUP_FIRST_INDEX = 500_000_000_000L;
  /** Between two warm-up rounds' first line numbers. */
  private static final long WARMUP_ROUND_INDEX_STEP = 100_000_000_000L;
  /** The sink wake-up batch's first line number, past any warm-up round's. */
  private static final long WAKE_FIRST_INDEX = 990_000_000_000L;
  /** The null sink's batchSize in the config both agents run, and the wake-up batch's lines. */
  static final int SINK_BATCH = 1000;
  /**
   * The quiet after each warm-up round, at least: longer than the memory channel's keep-alive
   * (3 s, both agents) plus the sink runner's first backoff (1 s), so that each agent's null sink
   * has come back from an empty take before the next round, as in an agent that has been running
   * a while. A JIT that compiled the sink's loop under load alone traps the first time a take
   * comes back empty and recompiles the loop when traffic returns (once per process: the trap is
   * remembered at its bytecode); with quiets shorter than the keep-alive that first empty take
   * came in the quiet right before the measured backlog, and the recompilation inside it.
   */
  private static final int SINK_IDLE_SECONDS = 5;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final long LATENCY_POLL_NANOS = 5_000_000L;
  private static final long BACKLOG_POLL_NANOS = 20_000_000L;
  private static final boolean TRACE = Boolean.getBoolean("sluice.bench.trace");
  /** Longest sleep between two counter polls in the middle of a backlog. */
  private static final long BACKLOG_MAX_SLEEP_NANOS = 250_000_000L;
  /** Counter requests after the warm-up backlog: past the JIT's C2 thresholds (~5,000 calls). */
  private static final int COUNTER_WARMUP_REQUESTS = 6_000;
  private static final long LATE_GRACE_NANOS = 30_000_000_000L;
  private static final long CLOCK_TICK_NANOS = 1_000_000_000L / clockTicks();

  private final Options opt;
  private final Path work;
  /** With a backlog warm-up: the measured backlog's wall-clock span, to which JFR is cut. */
  private Instant[] profileWindow;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  record Options(List<Integer> files, List<String> channels, int runs, long linesMemory,
      long linesFile, int rate, int latencySeconds, int steadySeconds, int steadyWarmupSeconds, Path dir,
      List<String> agents, long backlogTimeoutSeconds, long backlogWarmupLines,
      int warmupRounds) {}

  /** One agent's figures in one run. */
  record Result(double linesPerSec, double cpuSecPerMLines, double startMillis, double p50Millis,
      double p99Millis, double maxMillis, long lateLines, double steadyCpuSecPerMLines,
      double pollMillis, String busiestThreads) {}

  private TaildirBench(Options opt, Path work) {
    this.opt = opt;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Options opt = parse(args);
    Path work = opt.dir != null ? Files.createDirectories(opt.dir)
        : Files.createTempDirectory("taildir-bench");
    System.out.printf(Locale.ROOT, "TAILDIR bench in %s: files %s, channels %s, %d run(s), "
        + "backlog %d lines (memory) / %d lines (file), %d lines/s for %d s timed + %d s unmeasured"
        + " + %d s steady, %d x %d backlog lines unmeasured before the backlog%n",
        work, opt.files, opt.channels, opt.runs, opt.linesMemory, opt.linesFile, opt.rate,
        opt.latencySeconds, opt.steadyWarmupSeconds, opt.steadySeconds,
        opt.backlogWarmupLines == 0 ? 0 : opt.warmupRounds, opt.backlogWarmupLines);
    new TaildirBench(opt, work).run();
  }

  private static Options parse(String[] args) {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
    }
    Set<String> known = Set.of("files", "channels", "runs", "lines-memory", "lines-file", "rate",
        "latency-seconds", "steady-seconds", "steady-warmup", "dir", "agents", "backlog-timeout",
        "backlog-warmup", "warmup-rounds");
    for (String k : a.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown option --" + k + "; known: " + known);
      }
    }
    Options o = new Options(
        Arrays.stream(a.getOrDefault("files", "1,10,1000").split(",")).map(String::trim)
            .map(Integer::parseInt).toList(),
        List.of(a.getOrDefault("channels", "memory,file").split(",")),
        Integer.parseInt(a.getOrDefault("runs", "3")),
        Long.parseLong(a.getOrDefault("lines-memory", "4000000")),
        Long.parseLong(a.getOrDefault("lines-file", "200000")),
        Integer.parseInt(a.getOrDefault("rate", "10000")),
        Integer.parseInt(a.getOrDefault("latency-seconds", "6")),
        Integer.parseInt(a.getOrDefault("steady-seconds", "4")),
        Integer.parseInt(a.getOrDefault("steady-warmup", "0")),
        a.containsKey("dir") ? Path.of(a.get("dir")) : null,
        List.of(a.getOrDefault("agents", "sluice,flume").split(",")),
        Long.parseLong(a.getOrDefault("backlog-timeout", "300")),
        Long.parseLong(a.getOrDefault("backlog-warmup", "0")),
        Integer.parseInt(a.getOrDefault("warmup-rounds", "1")));
    if (o.runs < 1 || o.rate < 1 || o.latencySeconds < 1 || o.steadySeconds < 1
        || o.files.stream().anyMatch(f -> f < 1)) {
      throw new IllegalArgumentException("--runs, --rate, --latency-seconds, --steady-seconds and"
          + " --files must be at least 1");
    }
    if (o.steadyWarmupSeconds < 0 || o.backlogWarmupLines < 0) {
      throw new IllegalArgumentException("--steady-warmup and --backlog-warmup must be at least 0");
    }
    if (o.warmupRounds < 1 || o.warmupRounds > 4) {
      throw new IllegalArgumentException("--warmup-rounds must be 1 to 4");
    }
    return o;
  }

  private void run() throws Exception {
    Map<String, Map<String, List<Result>>> results = new LinkedHashMap<>();
    for (int files : opt.files) {
      for (String channel : opt.channels) {
        long lines = channel.equals("memory") ? opt.linesMemory : opt.linesFile;
        String cell = files + " / " + channel;
        // One sink batch in a file of its own, drained right before each measured backlog.
        Stage wake = Stage.write(work.resolve("stage-wake-" + files + "-" + channel), 1, SINK_BATCH,
            "app-k", WAKE_FIRST_INDEX);
        Stage stage = Stage.write(work.resolve("stage-" + files + "-" + channel), files, lines,
            "app-", 0);
        // The warm-up backlog: other names in the same directory (the group's pattern matches
        // both), and other line numbers, since Sluice takes a new file whose first bytes are an
        // older file's for a copy of it and does not read it again.
        // Each round's own names and line numbers, for the same reason.
        List<Stage> warm = new ArrayList<>();
        for (int w = 0; opt.backlogWarmupLines > 0 && w < opt.warmupRounds; w++) {
          warm.add(Stage.write(work.resolve("stage-warm" + w + "-" + files + "-" + channel), files,
              opt.backlogWarmupLines, w == 0 ? "app-w" : "app-w" + w + "-",
              WARMUP_FIRST_INDEX + w * WARMUP_ROUND_INDEX_STEP));
        }
        try {
          for (int r = 1; r <= opt.runs; r++) {
            List<String> order = new ArrayList<>(opt.agents);
            if (r % 2 == 0) {
              Collections.reverse(order);
            }
            for (String agent : order) {
              Result res = runOnce(agent, stage, wake, warm, channel, r);
              results.computeIfAbsent(cell, k -> new LinkedHashMap<>())
                  .computeIfAbsent(agent, k -> new ArrayList<>()).add(res);
              System.out.printf(Locale.ROOT, "run %d | %4d files %-6s | %-6s | %9.0f lines/s "
                  + "%6.1f MB/s | cpu %6.2f s/M lines | start %6.0f ms | latency p50 %7.1f p99 "
                  + "%7.1f max %7.1f ms (late %d, polled every %.1f ms) | steady cpu %6.2f "
                  + "s/M lines | backlog's busiest threads: %s%n", r, files, channel, agent,
                  res.linesPerSec, mb(res.linesPerSec), res.cpuSecPerMLines,
                  res.startMillis, res.p50Millis, res.p99Millis, res.maxMillis, res.lateLines,
                  res.pollMillis, res.steadyCpuSecPerMLines, res.busiestThreads);
            }
          }
        } finally {
          stage.delete();
          wake.delete();
          for (Stage w : warm) {
            w.delete();
          }
        }
        printSingleRatios(cell, results.get(cell));
      }
    }
    printTable(results);
  }

  private static double mb(double linesPerSec) {
    return linesPerSec * LINE / 1e6;
  }

  // ---------------------------------------------------------------------------------------------
  // One agent, one run

  private Result runOnce(String agent, Stage stage, Stage wake, List<Stage> warm, String channel,
      int run) throws Exception {
    Path dir = work.resolve("run-" + stage.files + "-" + channel + "-" + run + "-" + agent);
    deleteTree(dir);
    Path logs = Files.createDirectories(dir.resolve("logs"));
    String config = config(dir, logs, channel);
    int port = freePort();
    profileWindow = null;
    try (AgentProcess p = agent.equals("flume") ? startFlume(dir, config, port)
        : startSluice(dir, config, port)) {
      for (int i = 0; i < warm.size(); i++) {
        // Unmeasured: the same work as the measured backlog, so that the agent's JIT has compiled
        // its backlog path before the measurement, as in an agent that has been running a while.
        Stage round = warm.get(i);
        Instant roundFrom = Instant.now();
        Result w = backlog(p, round, logs, counts(p));
        Instant roundTo = Instant.now();
        if (i == warm.size() - 1) {
          warmCounters(p, COUNTER_WARMUP_REQUESTS);
        }
        // At least one idle spell of the sinks (see SINK_IDLE_SECONDS) after every round.
        double settled = settle(p, SINK_IDLE_SECONDS);
        System.out.printf(Locale.ROOT, "  %s warm-up %d (%s to %s): %d lines at %.0f lines/s,"
            + " %.2f s/M lines; quiet %.1f s later; %s%n", agent, i + 1, roundFrom, roundTo,
            round.lines, w.linesPerSec, w.cpuSecPerMLines, settled, w.busiestThreads);
      }
      double woken = wakeSinks(p, wake, logs);
      Instant from = Instant.now();
      Result backlog = backlog(p, stage, logs, counts(p));
      Files.delete(logs.resolve(wake.names.get(0)));
      System.out.printf(Locale.ROOT, "  %s sink wake-up batch drained %.1f s after its link%n",
          agent, woken);
      if (!warm.isEmpty()) {
        profileWindow = new Instant[] {from, Instant.now()};
        // For lining up the agent's own logs (JIT, GC) with the measured window.
        System.out.printf(Locale.ROOT, "  %s measured backlog from %s to %s%n", agent,
            profileWindow[0], profileWindow[1]);
        // The warm-up's files go, so that the latency and steady phases watch the cell's files
        // only, as without a warm-up.
        for (Stage w : warm) {
          for (String n : w.names) {
            Files.delete(logs.resolve(n));
          }
        }
        settle(p);
      }
      Result latency = latency(p, stage, logs);
      return new Result(backlog.linesPerSec, backlog.cpuSecPerMLines, backlog.startMillis,
          latency.p50Millis, latency.p99Millis, latency.maxMillis, latency.lateLines,
          latency.steadyCpuSecPerMLines, latency.pollMillis, backlog.busiestThreads);
    } finally {
      stage.restore();
      printProfile(agent, dir, profileWindow);
      deleteTree(dir.resolve("channel"));
      deleteTree(dir.resolve("logs"));
    }
  }

  /** The one Flume-format config both agents run; only the directories differ. */
  static String config(Path dir, Path logs, String channel) {
    String ch = switch (channel) {
      case "memory" -> """
          a1.channels.c1.type = memory
          a1.channels.c1.capacity = 100000
          a1.channels.c1.transactionCapacity = 1000
          """;
      case "file" -> """
          a1.channels.c1.type = file
          a1.channels.c1.checkpointDir = %s
          a1.channels.c1.dataDirs = %s
          a1.channels.c1.transactionCapacity = 1000
          """.formatted(dir.resolve("channel/checkpoint"), dir.resolve("channel/data"));
      default -> throw new IllegalArgumentException("channel " + channel + ": memory or file");
    };
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = TAILDIR
        a1.sources.r1.channels = c1
        a1.sources.r1.positionFile = %s
        a1.sources.r1.filegroups = f1
        a1.sources.r1.filegroups.f1 = %s/app-.*[.]log
        a1.sources.r1.batchSize = 100
        %sa1.sinks.k1.type = null
        a1.sinks.k1.channel = c1
        a1.sinks.k1.batchSize = %d
        """.formatted(dir.resolve("taildir_position.json"), logs, ch, SINK_BATCH);
  }

  /**
   * Waits until the agent's CPU over one second is under 5% of a core (its JIT done with what the
   * last phase queued), at most 30 s; returns the seconds waited.
   */
  private static double settle(AgentProcess p) throws Exception {
    return settle(p, 0);
  }

  /** {@link #settle(AgentProcess)}, waiting at least {@code minSeconds} in all. */
  private static double settle(AgentProcess p, int minSeconds) throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(30 + minSeconds);
    long notBefore = t0 + TimeUnit.SECONDS.toNanos(minSeconds);
    long cpu = p.cpuNanos();
    while (System.nanoTime() - deadline < 0) {
      Thread.sleep(1000);
      long now = p.cpuNanos();
      if (now - cpu < 50_000_000L && System.nanoTime() - notBefore >= 0) {
        break;
      }
      cpu = now;
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * Links the stage's files into the watched directory; counts from {@code base} on. The counters
   * are read every 20 ms until the source accepted its first lines and again from ~40 ms before
   * the drain is predicted to end (from its pace so far), so both ends of the window keep a 20 ms
   * precision; in between the bench sleeps half the predicted rest, at most 250 ms. The agent
   * then answers a few counter requests per second of backlog instead of 50, whose handling (and
   * its JIT compilation) would otherwise be part of the CPU measured. The same for both agents.
   */
  private Result backlog(AgentProcess p, Stage stage, Path logs, Counts base) throws Exception {
    long compiled0 = p.jitCompilations();
    Map<String, Long> threads0 = p.threadCpuNanos();
    long cpu0 = p.cpuNanos();
    long linked = System.nanoTime();
    stage.linkInto(logs);
    long lastZero = linked;
    long deadline = linked + TimeUnit.SECONDS.toNanos(opt.backlogTimeoutSeconds);
    int polls = 0;
    long prevTime = 0;
    long prevDrained = 0;
    while (true) {
      Counts c = counts(p);
      polls++;
      long now = System.nanoTime();
      if (TRACE) {
        System.out.printf(Locale.ROOT, "TRACE %.1f %d %d%n", (now - linked) / 1e6,
            c.accepted - base.accepted, c.drained - base.drained);
      }
      if (c.accepted == base.accepted) {
        lastZero = now;
      }
      long drained = c.drained - base.drained;
      if (drained >= stage.lines) {
        long cpu1 = p.cpuNanos();
        Map<String, Long> threads1 = p.threadCpuNanos();
        double secs = (now - lastZero) / 1e9;
        // The agent's busiest threads over the backlog, in % of its wall time (100% = one core).
        String busiest = threads1.entrySet().stream()
            .map(e -> Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
            .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey().replaceFirst("^\\d+ ", ""),
                100 * e.getValue() / 1e9 / secs))
            .collect(Collectors.joining(", "));
        long compiled = p.jitCompilations() - compiled0;
        busiest += String.format(Locale.ROOT, "; %d counter polls, %s JIT compilations", polls,
            compiled0 < 0 ? "?" : Long.toString(compiled));
        return new Result(stage.lines / secs, (cpu1 - cpu0) / 1e9 / (stage.lines / 1e6),
            (lastZero - linked) / 1e6, 0, 0, 0, 0, 0, 0, busiest);
      }
      if (now - deadline > 0) {
        throw new IllegalStateException(p.name + " drained only " + drained
            + " of " + stage.lines + " lines in " + opt.backlogTimeoutSeconds + " s; see " + p.log);
      }
      p.checkAlive();
      long wait = BACKLOG_POLL_NANOS;
      if (prevTime != 0 && drained > prevDrained) {
        // The drain's pace (lines per ns), over the run so far or the last interval, whichever is
        // faster: sleeping half the rest at that pace overshoots only if the pace doubles, and the
        // cap keeps any misjudged sleep short.
        double pace = Math.max((drained - prevDrained) / (double) (now - prevTime),
            drained / (double) (now - lastZero));
        long rest = (long) ((stage.lines - drained) / pace);
        wait = Math.max(BACKLOG_POLL_NANOS, Math.min(rest / 2, BACKLOG_MAX_SLEEP_NANOS));
      }
      if (c.accepted != base.accepted) {
        prevTime = now;
        prevDrained = drained;
      }
      LockSupport.parkNanos(wait);
    }
  }

  /**
   * Links one sink batch ({@link #SINK_BATCH} lines, one file of its own) and returns, with the
   * seconds it took, as soon as the counters show it drained; the caller links the measured
   * backlog right after (within one poll, 20 ms). Both agents' null sinks back off after empty
   * takes (Flume's SinkRunner and Sluice's default: 1 s more per empty take, at most 5 s) and in
   * that sleep do not listen to the channel; a backlog linked while a sink sleeps fills the
   * channel (100,000 lines) and stalls the source for up to 5 s, by chance of phase (4 of Flume's
   * 6 measured backlogs on 2026-12-05). A sink that has just committed a full batch has returned
   * READY and is back in the channel's take, which waits up to the keep-alive (3 s) and wakes on
   * the first event: so neither agent's sink backoff lands in the measured window. A full batch,
   * because a take's count reaches the counter at commit, and Flume's null sink commits a partial
   * batch only when a take gave up, right before it backs off. The same for both agents,
   * unmeasured.
   */
  private double wakeSinks(AgentProcess p, Stage wake, Path logs) throws Exception {
    Counts base = counts(p);
    long linked = System.nanoTime();
    wake.linkInto(logs);
    long deadline = linked + TimeUnit.SECONDS.toNanos(opt.backlogTimeoutSeconds);
    while (counts(p).drained - base.drained < wake.lines) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(p.name + " did not drain the sink wake-up batch in "
            + opt.backlogTimeoutSeconds + " s; see " + p.log);
      }
      p.checkAlive();
      LockSupport.parkNanos(BACKLOG_POLL_NANOS);
    }
    return (System.nanoTime() - linked) / 1e9;
  }

  /**
   * Requests the counters {@code n} times, unmeasured: the agent's HTTP monitoring (Jetty in
   * Flume, Netty in Sluice) is then compiled by its JIT before the measured backlog, as in an
   * agent whose metrics have been scraped for a while, instead of during it.
   */
  private void warmCounters(AgentProcess p, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      counts(p);
    }
  }

  /**
   * Appends at {@code rate} lines/s, round-robin over the files: first {@code latencySeconds} of
   * lines whose commit the poller times; then, once the poller saw them all and stopped (so its
   * requests cost the agent nothing), {@code steadySeconds} more over which the agent's CPU is
   * taken.
   */
  private Result latency(AgentProcess p, Stage stage, Path logs) throws Exception {
    long base = counts(p).accepted;
    int timed = Math.toIntExact((long) opt.rate * opt.latencySeconds);
    long[] written = new long[timed];
    // The poller: (time, lines accepted since the writer started).
    long[] sampleAt = new long[1 << 18];
    long[] sampleCount = new long[1 << 18];
    int[] samples = {0};
    Exception[] pollFailure = {null};
    AtomicBoolean stop = new AtomicBoolean();
    Thread poller = new Thread(() -> {
      long next = System.nanoTime();
      try {
        while (!stop.get() && samples[0] < sampleAt.length) {
          long accepted = counts(p).accepted - base;
          sampleAt[samples[0]] = System.nanoTime();
          sampleCount[samples[0]] = accepted;
          samples[0]++;
          if (accepted >= timed) {
            return;
          }
          next += LATENCY_POLL_NANOS;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          } else {
            next = System.nanoTime();
          }
        }
      } catch (Exception e) {
        pollFailure[0] = e;
      }
    }, "taildir-bench-poller");
    poller.start();

    List<Path> targets = stage.names.stream().map(logs::resolve).toList();
    FileChannel[] out = new FileChannel[targets.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = FileChannel.open(targets.get(i), StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    }
    byte[] line = template();
    ByteBuffer buf = ByteBuffer.wrap(line);
    long start = System.nanoTime();
    long n = 0;
    long cpu0 = 0;
    long steadyFrom = -1;
    long steadyStart = 0;
    long warmupEnd = Long.MAX_VALUE;
    long steadyEnd = Long.MAX_VALUE;
    try {
      while (true) {
        long now = System.nanoTime();
        if (steadyFrom < 0 && n >= timed && (!poller.isAlive()
            || now - written[timed - 1] > LATE_GRACE_NANOS)) {
          stop.set(true);
          poller.join();
          steadyFrom = n;
          warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(opt.steadyWarmupSeconds);
        }
        if (warmupEnd != Long.MAX_VALUE && now - warmupEnd >= 0) {
          // The steady window starts: the writer has gone on at the same rate through the warm-up.
          warmupEnd = Long.MAX_VALUE;
          cpu0 = p.cpuNanos();
          steadyFrom = n;
          steadyStart = System.nanoTime();
          steadyEnd = steadyStart + TimeUnit.SECONDS.toNanos(opt.steadySeconds);
        }
        if (now - steadyEnd >= 0) {
          break;
        }
        long due = (now - start) * opt.rate / 1_000_000_000L + 1;
        while (n < due) {
          stamp(line, n, System.currentTimeMillis() * 1000);
          buf.clear();
          while (buf.hasRemaining()) {
            out[(int) (n % out.length)].write(buf);
          }
          if (n < timed) {
            written[(int) n] = System.nanoTime();
          }
          n++;
        }
        LockSupport.parkNanos(200_000);
      }
    } finally {
      stop.set(true);
      for (FileChannel c : out) {
        c.close();
      }
    }
    long cpu1 = p.cpuNanos();
    double steadyCpu = (cpu1 - cpu0) / 1e9 / ((n - steadyFrom) / 1e6);
    poller.join();
    if (pollFailure[0] != null) {
      throw pollFailure[0];
    }
    // Each line: the first sample that saw more than its index accepted.
    long[] lat = new long[timed];
    int s = 0;
    long late = 0;
    for (int i = 0; i < timed; i++) {
      while (s < samples[0] && sampleCount[s] <= i) {
        s++;
      }
      if (s < samples[0]) {
        lat[i] = Math.max(0, sampleAt[s] - written[i]);
      } else {
        lat[i] = Long.MAX_VALUE;
        late++;
      }
    }
    Arrays.sort(lat);
    double pollMillis = samples[0] < 2 ? 0
        : (sampleAt[samples[0] - 1] - sampleAt[0]) / 1e6 / (samples[0] - 1);
    return new Result(0, 0, 0, millis(lat[timed / 2]), millis(lat[(int) (timed * 0.99)]),
        millis(lat[timed - 1]), late, steadyCpu, pollMillis, "");
  }

  private static double millis(long nanos) {
    return nanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : nanos / 1e6;
  }

  // ---------------------------------------------------------------------------------------------
  // Counters over HTTP (Flume's JSON monitoring; Sluice serves the same at /metrics)

  record Counts(long accepted, long drained) {}

  private static final Pattern GROUP =
      Pattern.compile("\"(SOURCE\\.r1|CHANNEL\\.c1)\"\\s*:\\s*\\{([^}]*)}");

  private Counts counts(AgentProcess p) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + p.metricsPort + "/metrics"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(p.name + " /metrics answered " + r.statusCode());
    }
    long accepted = -1;
    long drained = -1;
    Matcher m = GROUP.matcher(r.body());
    while (m.find()) {
      if (m.group(1).equals("SOURCE.r1")) {
        accepted = counter(m.group(2), "EventAcceptedCount");
      } else {
        drained = counter(m.group(2), "EventTakeSuccessCount");
      }
    }
    if (accepted < 0 || drained < 0) {
      throw new IOException(p.name + " /metrics lacks SOURCE.r1 or CHANNEL.c1: " + r.body());
    }
    return new Counts(accepted, drained);
  }

  private static long counter(String group, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?(\\d+)").matcher(group);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private void awaitReady(AgentProcess p) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    IOException last = null;
    while (System.nanoTime() - deadline < 0) {
      p.checkAlive();
      try {
        counts(p);
        return;
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(100);
    }
    p.close();
    throw new IllegalStateException(p.name + " did not serve its counters within "
        + START_TIMEOUT + " (" + last + "); see " + p.log);
  }

  // ---------------------------------------------------------------------------------------------
  // The agents

  private static final String FLUME_LOG4J = """
      <Configuration status="warn">
        <Appenders><Console name="out" target="SYSTEM_OUT">
          <PatternLayout pattern="%d{HH:mm:ss.SSS} %p [%t] %c{1} - %m%n"/></Console></Appenders>
        <Loggers><Root level="info"><AppenderRef ref="out"/></Root></Loggers>
      </Configuration>
      """;

  private AgentProcess startFlume(Path dir, String config, int port) throws Exception {
    Path conf = Files.writeString(dir.resolve("flume.conf"), config);
    Path log4j = Files.writeString(dir.resolve("log4j2.xml"), FLUME_LOG4J);
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g",
        "-Dlog4j.configurationFile=" + log4j.toUri(), "-Dflume.monitoring.type=http",
        "-Dflume.monitoring.port=" + port));
    cmd.addAll(jfr(dir, "flume"));
    cmd.addAll(List.of("-cp", flumeClasspath(), "org.apache.flume.node.Application",
        "-n", "a1", "-f", conf.toString(), "--no-reload-conf"));
    return start("flume", dir, cmd, port);
  }

  private AgentProcess startSluice(Path dir, String config, int port) throws Exception {
    Path conf = Files.writeString(dir.resolve("sluice.properties"), config);
    // The JDK's HTTP server (Sluice's /metrics) leaves Nagle's algorithm on unless told: its
    // headers and body go out as two writes, and the second waits for the client's delayed ACK
    // (40 ms), which would make the latency poller 10x coarser for Sluice than for Flume (Jetty).
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g",
        "-Dflume.monitoring.type=http", "-Dflume.monitoring.port=" + port,
        "-Dsun.net.httpserver.nodelay=true"));
    String extra = System.getProperty("sluice.bench.agentJvmArgs", "").trim();
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+|,(?=-)")));
    }
    cmd.addAll(jfr(dir, "sluice"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "io.sluice.deploy.SluiceMain", "agent", "-n", "a1", "-f", conf.toString(),
        "--no-reload-conf"));
    return start("sluice", dir, cmd, port);
  }

  private AgentProcess start(String name, Path dir, List<String> cmd, int port) throws Exception {
    Path log = dir.resolve(name + ".log");
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    AgentProcess p = new AgentProcess(name, proc, port, log);
    awaitReady(p);
    return p;
  }

  static List<String> jfr(Path dir, String name) throws IOException {
    String jfrDir = System.getProperty("sluice.bench.jfr");
    if (jfrDir == null) {
      return List.of();
    }
    Path out = Files.createDirectories(Path.of(jfrDir)).toAbsolutePath();
    // JFR's profile settings, sampling threads in Java code every 1 ms instead of 10.
    Path jfc = out.resolve("taildir-bench.jfc");
    if (!Files.exists(jfc)) {
      String profile = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr",
          "profile.jfc"));
      Files.writeString(jfc, profile.replaceFirst(
          "(<event name=\"jdk.ExecutionSample\">[^<]*<setting[^>]*>[^<]*</setting>[^<]*"
              + "<setting name=\"period\"[^>]*>)10 ms", "$11 ms"));
    }
    return List.of("-XX:StartFlightRecording=settings=" + jfc + ",filename="
        + out.resolve(dir.getFileName() + ".jfr"));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Flume's agent jars (flume-agent-lib: node, core, taildir source) and, from flume-lib, the jars
   * they lack for a file channel and HTTP monitoring (flume-file-channel, protobuf, Jetty, ...);
   * a jar both hold is taken from flume-agent-lib, and no second SLF4J binding is added.
   */
  private static String flumeClasspath() throws IOException {
    Path agentLib = FlumeAgentProcess.libDir().toAbsolutePath();
    Path lib = Path.of(System.getProperty("sluice.flume.lib",
        agentLib.resolveSibling("flume-lib").toString())).toAbsolutePath();
    if (!Files.isRegularFile(lib.resolve("flume-file-channel-1.11.0.jar"))) {
      throw new IllegalStateException("Flume's file channel jars missing in " + lib
          + " (mvn -f integration-tests/flume-lib.pom.xml dependency:copy-dependencies)");
    }
    List<Path> jars = new ArrayList<>(jarsIn(agentLib));
    Set<String> have = jars.stream().map(TaildirBench::artifact).collect(Collectors.toSet());
    for (Path j : jarsIn(lib)) {
      String a = artifact(j);
      if (!have.contains(a) && !a.startsWith("slf4j-")) {
        jars.add(j);
      }
    }
    return jars.stream().map(Path::toString).collect(Collectors.joining(":"));
  }

  static List<Path> jarsIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  /** {@code netty-buffer-4.1.68.Final.jar} → {@code netty-buffer}. */
  static String artifact(Path jar) {
    return jar.getFileName().toString().replaceFirst("-\\d[^-]*(-.*)?\\.jar$", "")
        .replaceFirst("\\.jar$", "");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static final class AgentProcess implements AutoCloseable {
    final String name;
    final Process process;
    final int metricsPort;
    final Path log;

    AgentProcess(String name, Process process, int metricsPort, Path log) {
      this.name = name;
      this.process = process;
      this.metricsPort = metricsPort;
      this.log = log;
    }

    /** utime + stime of the agent process, from {@code /proc/<pid>/stat}. */
    long cpuNanos() throws IOException {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state): utime is field 14, stime field 15.
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * CLOCK_TICK_NANOS;
    }

    /** utime + stime per thread ("tid name", name as the kernel keeps it: 15 characters). */
    Map<String, Long> threadCpuNanos() throws IOException {
      Map<String, Long> out = new HashMap<>();
      try (Stream<Path> tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
        for (Path t : tasks.toList()) {
          try {
            String stat = Files.readString(t.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            out.put(t.getFileName() + " " + name,
                (Long.parseLong(f[11]) + Long.parseLong(f[12])) * CLOCK_TICK_NANOS);
          } catch (IOException gone) {
            // the thread ended
          }
        }
      }
      return out;
    }

    /**
     * Methods the agent's JIT has compiled so far, from its perf-data file by {@code jstat}
     * (which does not attach to the agent); -1 if unavailable.
     */
    long jitCompilations() {
      try {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        Process j = new ProcessBuilder(jstat.toString(), "-compiler", Long.toString(process.pid()))
            .redirectErrorStream(true).start();
        String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!j.waitFor(30, TimeUnit.SECONDS) || j.exitValue() != 0) {
          return -1;
        }
        // "Compiled Failed Invalid Time ..." then one line of figures.
        String[] lines = out.trim().split("\n");
        return Long.parseLong(lines[lines.length - 1].trim().split("\\s+")[0]);
      } catch (IOException | RuntimeException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }

    void checkAlive() throws IOException {
      if (!process.isAlive()) {
        String tail = Files.exists(log) ? Files.readString(log) : "";
        tail = tail.substring(Math.max(0, tail.length() - 4000));
        throw new IllegalStateException(name + " agent exited with " + process.exitValue()
            + "; end of " + log + ":\n" + tail);
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (Exception e) {
      return 100;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The files

  /** A 256-byte line: index, write time (epoch µs), filler, newline. */
  static byte[] template() {
    byte[] b = new byte[LINE];
    Arrays.fill(b, (byte) 'x');
    b[LINE - 1] = '\n';
    return b;
  }

  static void stamp(byte[] line, long index, long micros) {
    digits(line, 0, 12, index);
    line[12] = ' ';
    digits(line, 13, 16, micros);
    line[29] = ' ';
  }

  private static void digits(byte[] b, int at, int width, long v) {
    for (int i = at + width - 1; i >= at; i--) {
      b[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
  }

  /** The backlog of one cell, written once and hard-linked into each agent's directory. */
  static final class Stage {
    final Path dir;
    final int files;
    final long lines;
    final List<String> names;
    final long[] sizes;

    private Stage(Path dir, int files, long lines, List<String> names, long[] sizes) {
      this.dir = dir;
      this.files = files;
      this.lines = lines;
      this.names = names;
      this.sizes = sizes;
    }

    static Stage write(Path dir, int files, long lines, String prefix, long firstIndex)
        throws IOException {
      deleteTree(dir);
      Files.createDirectories(dir);
      List<String> names = new ArrayList<>();
      long[] sizes = new long[files];
      byte[] line = template();
      long t0 = System.nanoTime();
      for (int f = 0; f < files; f++) {
        String name = String.format(Locale.ROOT, "%s%04d.log", prefix, f);
        names.add(name);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(name)),
            1 << 20)) {
          for (long i = f; i < lines; i += files) {
            stamp(line, firstIndex + i, 0);
            out.write(line);
            sizes[f] += LINE;
          }
        }
      }
      // On disk before any agent starts, so no writeback of the backlog overlaps a measurement.
      for (String name : names) {
        try (FileChannel c = FileChannel.open(dir.resolve(name), StandardOpenOption.WRITE)) {
          c.force(true);
        }
      }
      System.out.printf(Locale.ROOT, "staged %d lines (%.0f MB) in %d file(s) in %.1f s%n", lines,
          lines * (double) LINE / 1e6, files, (System.nanoTime() - t0) / 1e9);
      return new Stage(dir, files, lines, names, sizes);
    }

    void linkInto(Path logs) throws IOException {
      for (String n : names) {
        Files.createLink(logs.resolve(n), dir.resolve(n));
      }
    }

    /** Cuts what the latency writer appended (through the links) off the staged files. */
    void restore() throws IOException {
      for (int f = 0; f < files; f++) {
        try (FileChannel c = FileChannel.open(dir.resolve(names.get(f)),
            StandardOpenOption.WRITE)) {
          if (c.size() > sizes[f]) {
            c.truncate(sizes[f]);
          }
        }
      }
    }

    void delete() throws IOException {
      deleteTree(dir);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Output

  private static Result median(List<Result> rs) {
    return new Result(med(rs, Result::linesPerSec), med(rs, Result::cpuSecPerMLines),
        med(rs, Result::startMillis), med(rs, Result::p50Millis), med(rs, Result::p99Millis),
        med(rs, Result::maxMillis), rs.stream().mapToLong(Result::lateLines).sum(),
        med(rs, Result::steadyCpuSecPerMLines), med(rs, Result::pollMillis), "");
  }

  private static double med(List<Result> rs, ToDoubleFunction<Result> f) {
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static void printSingleRatios(String cell, Map<String, List<Result>> byAgent) {
    List<Result> s = byAgent.get("sluice");
    List<Result> f = byAgent.get("flume");
    if (s == null || f == null) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    StringBuilder cpu = new StringBuilder();
    for (int i = 0; i < Math.min(s.size(), f.size()); i++) {
      lines.append(String.format(Locale.ROOT, "%s%.2f", i == 0 ? "" : ", ",
          s.get(i).linesPerSec / f.get(i).linesPerSec));
      cpu.append(String.format(Locale.ROOT, "%s%.2f", i == 0 ? "" : ", ",
          s.get(i).cpuSecPerMLines / f.get(i).cpuSecPerMLines));
    }
    System.out.println(cell + ": single-run lines/s ratios S/F " + lines
        + "; CPU per line S/F " + cpu);
  }

  private void printTable(Map<String, Map<String, List<Result>>> results) {
    System.out.println();
    System.out.printf(Locale.ROOT, "Medians of %d run(s); backlog %d lines (memory) / %d lines "
        + "(file) of %d bytes; latency of %d lines/s over %d s, steady CPU over %d s after %d s"
        + " unmeasured:%n",
        opt.runs, opt.linesMemory, opt.linesFile, LINE, opt.rate, opt.latencySeconds,
        opt.steadySeconds, opt.steadyWarmupSeconds);
    System.out.println("| files | channel | Sluice lines/s | Sluice MB/s | Flume lines/s "
        + "| Flume MB/s | lines/s S/F | CPU s/M lines S / F | CPU S/F | p50 ms S / F "
        + "| p99 ms S / F | steady CPU s/M lines S / F |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (var cell : results.entrySet()) {
      String[] k = cell.getKey().split(" / ");
      List<Result> sl = cell.getValue().get("sluice");
      List<Result> fl = cell.getValue().get("flume");
      Result s = sl == null ? null : median(sl);
      Result f = fl == null ? null : median(fl);
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s "
              + "| %s |%n", k[0], k[1],
          s == null ? "-" : String.format(Locale.ROOT, "%.0f", s.linesPerSec),
          s == null ? "-" : String.format(Locale.ROOT, "%.1f", mb(s.linesPerSec)),
          f == null ? "-" : String.format(Locale.ROOT, "%.0f", f.linesPerSec),
          f == null ? "-" : String.format(Locale.ROOT, "%.1f", mb(f.linesPerSec)),
          s == null || f == null ? "-"
              : String.format(Locale.ROOT, "**%.2fx**", s.linesPerSec / f.linesPerSec),
          pair(s, f, Result::cpuSecPerMLines, "%.2f"),
          s == null || f == null ? "-"
              : String.format(Locale.ROOT, "%.2f", s.cpuSecPerMLines / f.cpuSecPerMLines),
          pair(s, f, Result::p50Millis, "%.1f"), pair(s, f, Result::p99Millis, "%.1f"),
          pair(s, f, Result::steadyCpuSecPerMLines, "%.2f"));
    }
  }

  private static String pair(Result s, Result f, ToDoubleFunction<Result> v,
      String fmt) {
    return (s == null ? "-" : String.format(Locale.ROOT, fmt, v.applyAsDouble(s))) + " / "
        + (f == null ? "-" : String.format(Locale.ROOT, fmt, v.applyAsDouble(f)));
  }

  /**
   * With -Dsluice.bench.jfr: the agent's hottest frames (self) and hottest project frames over
   * JFR's execution samples (threads in Java code), then its native-method samples (threads in a
   * system call, whether working or blocked in it) apart.
   */
  static void printProfile(String agent, Path dir) {
    printProfile(agent, dir, null);
  }

  /** As above, counting only the samples taken within {@code window} when it is not null. */
  static void printProfile(String agent, Path dir, Instant[] window) {
    String jfrDir = System.getProperty("sluice.bench.jfr");
    if (jfrDir == null) {
      return;
    }
    Path file = Path.of(jfrDir).toAbsolutePath().resolve(dir.getFileName() + ".jfr");
    if (!Files.exists(file)) {
      System.out.println("no JFR recording at " + file);
      return;
    }
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> own = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> nativeOwn = new HashMap<>();
    int total = 0;
    int natives = 0;
    try (RecordingFile rf = new RecordingFile(file)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (window != null && (e.getStartTime().isBefore(window[0])
            || e.getStartTime().isAfter(window[1]))) {
          continue;
        }
        String type = e.getEventType().getName();
        boolean java = type.equals("jdk.ExecutionSample");
        if (!(java || type.equals("jdk.NativeMethodSample"))
            || e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
          continue;
        }
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        String first = null;
        for (RecordedFrame fr : frames) {
          String cls = fr.getMethod().getType().getName();
          if (cls.startsWith("io.sluice.") || cls.startsWith("org.apache.flume.")) {
            first = frame(fr);
            break;
          }
        }
        if (!java) {
          // A thread in native code: a system call, or parked in one (epoll, poll, accept).
          natives++;
          nativeOwn.merge(frame(frames.get(0)) + (first == null ? "" : " <- " + first), 1,
              Integer::sum);
          continue;
        }
        total++;
        self.merge(frame(frames.get(0)), 1, Integer::sum);
        if (first != null) {
          own.merge(first, 1, Integer::sum);
        }
        var t = e.getThread("sampledThread");
        threads.merge(t == null ? "?" : t.getJavaName(), 1, Integer::sum);
      }
    } catch (IOException e) {
      System.out.println("cannot read " + file + ": " + e);
      return;
    }
    System.out.printf(Locale.ROOT, "JFR %s (%s): %d execution samples, %d native samples%s%n",
        agent, file, total, natives, window == null ? "" : " in the measured backlog");
    top("  top frames (self, threads in Java code)", self, total);
    top("  top project frames (first io.sluice/org.apache.flume frame of each sample)", own,
        total);
    top("  threads", threads, total);
    top("  native samples (incl. threads blocked in a system call)", nativeOwn, natives);
  }

  private static String frame(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName() + ":"
        + f.getLineNumber();
  }

  private static void top(String title, Map<String, Integer> counts, int total) {
    System.out.println(title);
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(15).forEach(en -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n",
            100.0 * en.getValue() / Math.max(1, total), en.getKey()));
  }
}
