package io.sluice.edge.taildir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelFullException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A TAILDIR source over real files, delivering into a queue channel behind a gate that refuses
 * batches (as a full channel does) while closed. Events are collected across restarts of the source.
 */
final class TaildirFixture implements AutoCloseable {
  final Path dir;
  final Path positionFile;
  final MetricsRegistry metrics = new MetricsRegistry();
  final TestQueueChannel channel = new TestQueueChannel("c1", 1_000_000);
  private final List<Event> delivered = new ArrayList<>();
  private final Map<String, String> raw = new HashMap<>();
  private volatile boolean gateOpen = true;
  private ChannelProcessor processor;
  private TaildirSource source;

  TaildirFixture(Path root, String fileRegex) throws IOException {
    this.dir = Files.createDirectories(root.resolve("logs"));
    this.positionFile = root.resolve("state").resolve("taildir_position.json");
    raw.put("filegroups", "f1");
    raw.put("filegroups.f1", dir + "/" + fileRegex);
    raw.put("positionFile", positionFile.toString());
    raw.put("pollInterval", "50");
    raw.put("writePosInterval", "100");
    raw.put("backoffSleepIncrement", "10");
    raw.put("maxBackoffSleep", "50");
  }

  TaildirFixture with(String key, String value) {
    raw.put(key, value);
    return this;
  }

  /** Delivers through this processor instead of the gated queue channel. */
  TaildirFixture through(ChannelProcessor p) {
    processor = p;
    return this;
  }

  TaildirFixture without(String key) {
    raw.remove(key);
    return this;
  }

  TaildirFixture start() throws Exception {
    TaildirSourceFactory f = new TaildirSourceFactory();
    ChannelProcessor inner = new TestChannelProcessor(channel);
    ChannelProcessor gated = new ChannelProcessor() {
      @Override
      public void processEvent(Event event) {
        processEventBatch(List.of(event));
      }

      @Override
      public void processEventBatch(List<Event> events) {
        if (!gateOpen) {
          throw new ChannelFullException("test gate closed");
        }
        inner.processEventBatch(events);
      }
    };
    source = (TaildirSource) f.create(Configs.configure(f, raw),
        DefaultComponentContext.builder("a1", "r1", metrics.group("SOURCE.r1"))
            .channelProcessor(processor != null ? processor : gated).build());
    source.start();
    return this;
  }

  void stop() {
    if (source != null) {
      source.stop();
      source = null;
    }
  }

  void closeGate() {
    gateOpen = false;
  }

  void openGate() {
    gateOpen = true;
  }

  long counter(String name) {
    return metrics.value("SOURCE.r1", name);
  }

  /** Every event delivered so far, across restarts. */
  synchronized List<Event> events() {
    delivered.addAll(channel.drain());
    return List.copyOf(delivered);
  }

  List<String> bodies() {
    List<String> out = new ArrayList<>();
    events().forEach(e -> out.add(new String(e.getBody(), StandardCharsets.UTF_8)));
    return out;
  }

  /** Waits until exactly {@code n} events arrived (more fails at once, naming the extra). */
  List<String> awaitCount(int n) {
    await().atMost(Duration.ofSeconds(20)).until(() -> bodies().size() >= n);
    return bodies();
  }

  /** Waits for the expected number of lines, then checks that no more come and none repeats. */
  void awaitSettled(List<String> expected) {
    awaitCount(expected.size());
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> bodies().size() == expected.size());
    assertExactlyOnce(expected, bodies());
  }

  /** Every expected line arrived exactly once (nothing lost, nothing duplicated, nothing else). */
  static void assertExactlyOnce(List<String> expected, List<String> actual) {
    Map<String, Integer> counts = new HashMap<>();
    actual.forEach(l -> counts.merge(l, 1, Integer::sum));
    List<String> missing = expected.stream().filter(e -> !counts.containsKey(e)).toList();
    List<String> dups = counts.entrySet().stream().filter(en -> en.getValue() > 1).map(Map.Entry::getKey).toList();
    assertTrue(missing.isEmpty(), missing.size() + " lines lost, e.g. " + missing.stream().limit(5).toList());
    assertTrue(dups.isEmpty(), dups.size() + " lines duplicated, e.g. " + dups.stream().limit(5).toList());
    assertEquals(new TreeSet<>(expected), new TreeSet<>(actual), "unexpected lines arrived");
  }

  /** Writes lines "prefix-0".."prefix-(n-1)" to {@code file}, lets a started source read them, and stops it. */
  TaildirFixture readThenStop(Path file, String prefix, int n) throws Exception {
    append(file, lines(prefix, 0, n));
    start();
    awaitCount(n);
    stop();
    return this;
  }

  /**
   * With the running source, lets it deliver lines "prefix-0".."prefix-(delivered-1)" of {@code file},
   * then closes the gate and appends {@code heldBack} more, which it has tried and failed to deliver
   * on return.
   */
  void deliverThenHoldBack(Path file, String prefix, int delivered, int heldBack) throws IOException {
    append(file, lines(prefix, 0, delivered));
    awaitCount(delivered);
    closeGate();
    long refused = counter("ChannelWriteFail");
    append(file, lines(prefix, delivered, delivered + heldBack));
    await().atMost(Duration.ofSeconds(5)).until(() -> counter("ChannelWriteFail") > refused);
  }

  /** Copies the state files (positions, sidecar, journal) as they are now: what a SIGKILL now leaves. */
  Path crashState(Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(positionFile.getParent())) {
      for (Path p : files.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
    return to;
  }

  /**
   * A new source (not started; its own channel and metrics under {@code root}) over this fixture's
   * files with this fixture's settings, resuming from the position file in {@code state}.
   */
  TaildirFixture restartedFrom(Path state, Path root) throws IOException {
    TaildirFixture after = new TaildirFixture(root, "unused");
    after.raw.putAll(raw);
    after.raw.put("positionFile", state.resolve(positionFile.getFileName()).toString());
    return after;
  }

  /** Waits until the journal records position {@code pos} for some file (the periodic save must be off). */
  void awaitJournaled(long pos) {
    Path journal = positionFile.resolveSibling(positionFile.getFileName() + ".journal");
    await().atMost(Duration.ofSeconds(5))
        .until(() -> Files.exists(journal) && Files.readString(journal).contains("\"pos\":" + pos + ","));
  }

  static void append(Path file, String... lines) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l).append('\n');
    }
    appendRaw(file, sb.toString());
  }

  static void appendRaw(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
  }

  /** Lines "prefix-from" .. "prefix-(to-1)". */
  static String[] lines(String prefix, int from, int to) {
    String[] out = new String[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = prefix + "-" + i;
    }
    return out;
  }

  @Override
  public void close() {
    stop();
  }
}
