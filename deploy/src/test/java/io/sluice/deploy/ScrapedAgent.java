package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.core.metrics.HttpMetricsServer;
import io.sluice.testsupport.TestZooKeeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * An aggregator agent started as {@code sluice agent} does, with its monitoring server and a tier
 * registration in an in-process ZooKeeper, running what makes most of the documented metrics
 * appear: an Avro source fed by the agent's own Avro sink, a sequence source whose events get a
 * timestamp, are partly filtered out and get a conservation stamp that the Avro source checks, a
 * TAILDIR source following a file, memory channels and a null sink. Scrapes its
 * {@code /prometheus}.
 */
final class ScrapedAgent implements AutoCloseable {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private final TestZooKeeper zk;
  private final AutoCloseable running;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private ScrapedAgent(TestZooKeeper zk, AutoCloseable running, int port) {
    this.zk = zk;
    this.running = running;
    this.port = port;
  }

  static ScrapedAgent start(Path dir) throws Exception {
    int avroPort = freePort();
    int monitoringPort = freePort();
    Path log = Files.writeString(dir.resolve("app.log"), "first line\nsecond line\n");
    Path conf = Files.writeString(dir.resolve("agg.properties"), """
        agg.sources = r1 r2 r3
        agg.channels = c1 c2
        agg.sinks = k1 k2
        agg.sources.r1.type = avro
        agg.sources.r1.bind = 127.0.0.1
        agg.sources.r1.port = %1$d
        agg.sources.r1.channels = c2
        agg.sources.r1.interceptors = check
        agg.sources.r1.interceptors.check.type = sequenceCheck
        agg.sources.r1.interceptors.check.countGaps = true
        agg.sources.r2.type = seq
        agg.sources.r2.totalEvents = 200
        agg.sources.r2.channels = c1
        agg.sources.r2.interceptors = ts drop seq
        agg.sources.r2.interceptors.ts.type = timestamp
        agg.sources.r2.interceptors.drop.type = regex_filter
        agg.sources.r2.interceptors.drop.regex = 1$
        agg.sources.r2.interceptors.drop.excludeEvents = true
        agg.sources.r2.interceptors.seq.type = sequence
        agg.sources.r3.type = TAILDIR
        agg.sources.r3.filegroups = f1
        agg.sources.r3.filegroups.f1 = %2$s
        agg.sources.r3.positionFile = %3$s
        agg.sources.r3.channels = c1
        agg.channels.c1.type = memory
        agg.channels.c2.type = memory
        agg.sinks.k1.type = avro
        agg.sinks.k1.hostname = 127.0.0.1
        agg.sinks.k1.port = %1$d
        agg.sinks.k1.channel = c1
        agg.sinks.k2.type = null
        agg.sinks.k2.channel = c2
        """.formatted(avroPort, log, dir.resolve("taildir_position.json")));
    TestZooKeeper zk = TestZooKeeper.start();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setProperty(HttpMetricsServer.TYPE_PROPERTY, "http");
    System.setProperty(HttpMetricsServer.PORT_PROPERTY, Integer.toString(monitoringPort));
    System.setProperty(HttpMetricsServer.BIND_PROPERTY, "127.0.0.1");
    SluiceMain.Started started;
    try {
      started = SluiceMain.startAgent(AgentCommandLine.parse(List.of("-n", "agg", "-f",
          conf.toString(), "--no-reload-conf", "--shutdown-grace", "0", "--register-tier", "hot",
          "--zk", zk.connectString())), Map.of(),
          new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      System.clearProperty(HttpMetricsServer.TYPE_PROPERTY);
      System.clearProperty(HttpMetricsServer.PORT_PROPERTY);
      System.clearProperty(HttpMetricsServer.BIND_PROPERTY);
    }
    if (started.running() == null) {
      zk.close();
    }
    assertEquals(ExitCode.OK, started.code(), err.toString(StandardCharsets.UTF_8));
    return new ScrapedAgent(zk, started.running(), monitoringPort);
  }

  TestZooKeeper zooKeeper() {
    return zk;
  }

  /** The body of one scrape of {@code /prometheus} (text format 0.0.4). */
  String scrape() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/prometheus")).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  /** The sample names of one scrape ({@code _total}, {@code _bucket}, ... included). */
  Set<String> names() throws IOException, InterruptedException {
    Set<String> names = new TreeSet<>();
    for (String line : scrape().split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int end = line.indexOf('{') > 0 ? line.indexOf('{') : line.indexOf(' ');
        names.add(line.substring(0, end));
      }
    }
    return names;
  }

  /**
   * Scrapes until every name of {@code expected} is served (events flow and histograms fill
   * within a few seconds); then returns what the last scrape served. Fails naming the missing ones
   * at the deadline.
   */
  Set<String> awaitNames(Set<String> expected) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      Set<String> served = names();
      Set<String> missing = new TreeSet<>(expected);
      missing.removeAll(served);
      if (missing.isEmpty() || System.nanoTime() > deadline) {
        return served;
      }
      Thread.sleep(100); // a poll with a deadline: the agent counts on its own threads
    }
  }

  /** Scrapes until a line matches; fails with the last scrape at the deadline. */
  void awaitLine(Predicate<String> line, String what) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    String body;
    do {
      body = scrape();
      if (body.lines().anyMatch(line)) {
        return;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    fail("no line shows " + what + " within " + DEADLINE + ":\n" + body);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      running.close();
    } finally {
      zk.close();
    }
  }
}
