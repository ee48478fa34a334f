package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.deploy.quickstart.NodeProcess;
import io.sluice.testsupport.TestZooKeeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice top} in a real terminal: tmux runs it in a detached session and its screen is read
 * with {@code capture-pane}. An in-process aggregator and an edge in its own JVM send events; the
 * numbers must move, the edge killed with SIGKILL must show as down, and {@code q} must give the
 * shell its terminal back as it was.
 */
class TopInTmuxTest {
  private static final Path TMUX = Path.of("/usr/bin/tmux");
  private static final Pattern EDGE_IN = Pattern.compile("(?m)^edge1\\s+edge\\s+\\S+\\s+ready\\s+"
      + "(\\S+)\\s");
  private static final Pattern CLOCK = Pattern.compile("sluice top - (\\d\\d:\\d\\d:\\d\\d)");

  @TempDir Path tmp;

  @AfterEach
  void cleanUp() throws Exception {
    ClusterStatusTest.stopServingMonitoring();
    if (Files.isExecutable(TMUX)) {
      tmux("kill-server");
    }
  }

  @Test
  void topShowsMovingNumbersAKilledAgentAsDownAndQuitsCleanly() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(TMUX), "tmux is not installed");
    int aggPort = ClusterStatusTest.freePort();
    ClusterStatusTest.serveMonitoringOnLoopback();
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      Path aggConf = Files.writeString(tmp.resolve("agg.properties"),
          ClusterStatusTest.aggregator(aggPort));
      SluiceMain.Started agg = SluiceMain.startAgent(AgentCommandLine.parse(List.of("-n", "agg",
          "-f", aggConf.toString(), "--no-reload-conf", "--shutdown-grace", "0",
          "--register-tier", "hot", "--zk", zk.connectString(), "--cluster", "c9")), Map.of(),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertNotNull(agg.running());
      NodeProcess edge = startEdge(zk, aggPort);
      try {
        Files.writeString(tmp.resolve("top.sh"), String.join(" ", topCommand(zk))
            + "\nstty -a > " + tmp.resolve("stty-after.txt") + "\n");
        tmux("new-session", "-d", "-s", "top", "-x", "160", "-y", "30", "sh");
        tmux("send-keys", "-t", "top", "sh " + tmp.resolve("top.sh"), "Enter");

        AtomicReference<String> screen = new AtomicReference<>("");
        awaitScreen(screen, s -> edgeRate(s) > 0, "the edge's events/s in");
        String first = clock(screen.get());
        awaitScreen(screen, s -> edgeRate(s) > 0 && !clock(s).equals(first),
            "a redraw with the numbers still moving");
        assertTrue(screen.get().matches("(?s).*\\nagg\\s+aggregator\\s+\\S+\\s+ready\\s+\\d.*"),
            screen.get());

        edge.kill();
        awaitScreen(screen, s -> s.matches("(?s).*\\nedge1\\s+edge\\s+\\S+\\s+down\\s.*"),
            "the killed edge shown as down");

        tmux("send-keys", "-t", "top", "q");
        Path after = tmp.resolve("stty-after.txt");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(after)
            && Files.size(after) > 0);
        String stty = Files.readString(after);
        assertFalse(Pattern.compile("(^|\\s)-(icanon|echo)(\\s|$)", Pattern.MULTILINE)
            .matcher(stty).find(), "the terminal's modes are back: " + stty);
        assertFalse(capture().contains("sluice top -"), "the alternate screen is left");
      } finally {
        edge.stop(5);
        agg.running().close();
      }
    }
  }

  private NodeProcess startEdge(TestZooKeeper zk, int aggPort) throws IOException {
    Path conf = Files.writeString(tmp.resolve("edge1.properties"), ClusterStatusTest.edge(aggPort));
    return new NodeProcess("edge1", NodeProcess.Role.EDGE, List.of("-Xmx96m",
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dsluice.monitoring.bind=127.0.0.1"),
        List.of("agent", "-n", "edge1", "-f", conf.toString(), "--no-reload-conf",
            "--zk", zk.connectString(), "--cluster", "c9"),
        tmp.resolve("edge1.log"), ClusterStatusTest.freePort()).start();
  }

  private static List<String> topCommand(TestZooKeeper zk) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        "'" + System.getProperty("java.class.path") + "'", SluiceMain.class.getName(), "top",
        "--zk", zk.connectString(), "--cluster", "c9");
  }

  private void awaitScreen(AtomicReference<String> screen,
      java.util.function.Predicate<String> shows, String what) {
    Awaitility.await(what).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          screen.set(capture());
          return shows.test(screen.get());
        });
  }

  private static double edgeRate(String screen) {
    Matcher m = EDGE_IN.matcher(screen);
    return m.find() && !m.group(1).equals("-") ? Double.parseDouble(m.group(1)) : -1;
  }

  private static String clock(String screen) {
    Matcher m = CLOCK.matcher(screen);
    return m.find() ? m.group(1) : "";
  }

  private String capture() throws IOException, InterruptedException {
    return tmux("capture-pane", "-p", "-t", "top");
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    List<String> c = new ArrayList<>(List.of(TMUX.toString(), "-S",
        tmp.resolve("tmux.sock").toString()));
    c.addAll(List.of(args));
    Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }
}
