package io.sluice.deploy.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartPiecesTest {
  @TempDir Path tmp;

  @Test
  void landedEventsCountMissingAndDuplicatedPerPrefix() {
    LandedEvents l = new LandedEvents();
    for (String line : List.of("edge1 0 1 xx", "edge1 1 1 xx", "edge1 1 1 xx", "edge1 3 2",
        "edge2 0 5", "garbage")) {
      l.add(line);
    }
    assertEquals(6, l.lines());
    assertEquals(1, l.duplicates());
    assertEquals(1, l.unparsed());
    assertEquals(3, l.distinct("edge1"));
    assertEquals(1, l.missing("edge1", 4), "2 never landed");
    assertEquals(0, l.missing("edge1", 2));
    assertEquals(2, l.missing("edge3", 2));
  }

  @Test
  void metricsJsonIsReadBackAsNumbers() {
    Map<String, Map<String, Long>> m = MetricsClient.parse("{\"CHANNEL.c1\":{\"Type\":\"CHANNEL\","
        + "\"ChannelFillPercentage\":\"3\"},\"SOURCE.r1\":{\"Type\":\"SOURCE\","
        + "\"EventAcceptedCount\":\"1200\"}}");
    assertEquals(3L, m.get("CHANNEL.c1").get("ChannelFillPercentage"));
    assertEquals(1200L, m.get("SOURCE.r1").get("EventAcceptedCount"));
  }

  @Test
  void progressLineShowsRatesFillAndLanded() {
    Progress p = new Progress();
    Map<String, Map<String, Map<String, Long>>> r = new LinkedHashMap<>();
    r.put("edge1", Map.of("SOURCE.r1", Map.of("EventAcceptedCount", 100L),
        "CHANNEL.c1", Map.of("ChannelFillPercentage", 2L)));
    r.put("agg1", Map.of());
    p.line(0, r, 0, 0);
    r.put("edge1", Map.of("SOURCE.r1", Map.of("EventAcceptedCount", 300L),
        "CHANNEL.c1", Map.of("ChannelFillPercentage", 2L)));
    String line = p.line(2, r, 150, 2_000_000_000L);
    assertTrue(line.contains("| edge1 100/s ch 2% |"), line);
    assertTrue(line.contains("agg1 down"), line);
    assertTrue(line.endsWith("| HDFS 150"), line);
    assertEquals(300L, p.produced().get("edge1"));
  }

  @Test
  void optionsParseAndNameTheBadOne() {
    QuickstartOptions o = QuickstartOptions.parse(List.of("--static", "--duration", "30",
        "--rate", "50", "--dir", "x"));
    assertFalse(o.discovery());
    assertEquals(30, o.durationSeconds());
    assertEquals(50, o.rate());
    assertEquals(Path.of("x"), o.dir());
    assertTrue(QuickstartOptions.parse(List.of()).discovery(), "ZooKeeper discovery by default");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> QuickstartOptions.parse(List.of("--rate", "0")));
    assertTrue(e.getMessage().contains("--rate"), e.getMessage());
  }

  @Test
  void workDirIsEmptiedOnlyWhenAQuickstartMadeIt() throws IOException {
    Path foreign = Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(foreign.resolve("precious.txt"), "keep me");
    IOException e = assertThrows(IOException.class, () -> Quickstart.prepareDir(foreign));
    assertTrue(e.getMessage().contains("not made by a quickstart"), e.getMessage());
    assertTrue(Files.exists(foreign.resolve("precious.txt")));

    Path ours = tmp.resolve("ours");
    Quickstart.prepareDir(ours);
    Files.createDirectories(ours.resolve("logs"));
    Files.writeString(ours.resolve("logs/old.log"), "old");
    Quickstart.prepareDir(ours);
    assertFalse(Files.exists(ours.resolve("logs")));
    assertTrue(Files.exists(ours.resolve(Quickstart.MARKER)));
  }
}
