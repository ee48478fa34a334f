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
    assertEquals("2, 4-5", l.missingRanges("edge1", 6, 10));
    assertEquals("2, ...", l.missingRanges("edge1", 6, 1));
    assertEquals("0-1", l.missingRanges("edge3", 2, 10));
  }

  @Test
  void metricsJsonIsReadBackAsNumbers() {
    Map<String, Map<String, Long>> m = MetricsClient.parse("{\"CHANNEL.c1\":{\"Type\":\"CHANNEL\","
        + "\"ChannelFillPercentage\":\"3.75\"},\"SOURCE.r1\":{\"Type\":\"SOURCE\","
        + "\"EventAcceptedCount\":\"1200\"}}");
    assertEquals(3L, m.get("CHANNEL.c1").get("ChannelFillPercentage"));
    assertEquals(1200L, m.get("SOURCE.r1").get("EventAcceptedCount"));
  }

  @Test
  void progressLineShowsRatesFillRotationsAndLanded() {
    Progress p = new Progress();
    Map<String, Map<String, Map<String, Long>>> r = new LinkedHashMap<>();
    r.put("edge1", Map.of("SOURCE.r1", Map.of("EventAcceptedCount", 100L),
        "CHANNEL.c1", Map.of("ChannelFillPercentage", 2L)));
    r.put("agg1", Map.of());
    p.line(0, r, Map.of("edge1", new Ledger("edge1", 100, 0, 0, false)), 0, 0);
    r.put("edge1", Map.of("SOURCE.r1", Map.of("EventAcceptedCount", 300L),
        "CHANNEL.c1", Map.of("ChannelFillPercentage", 2L)));
    String line = p.line(2, r, Map.of("edge1", new Ledger("edge1", 500, 2, 1, false)), 150,
        2_000_000_000L);
    assertTrue(line.contains("| logs 200/s rot 2+1 |"), line);
    assertTrue(line.contains("| edge1 100/s ch 2% |"), line);
    assertTrue(line.contains("agg1 down"), line);
    assertTrue(line.endsWith("| HDFS 150"), line);
    assertFalse(p.line(3, r, Map.of(), 0, 3_000_000_000L).contains("logs"), "demo: no writers");
  }

  @Test
  void ledgerIsSavedAndReadBack() throws IOException {
    Path file = tmp.resolve("ledger.properties");
    assertTrue(Ledger.read(file).isEmpty());
    Ledger l = new Ledger("edge1-x", 12345, 3, 2, true);
    l.save(file);
    assertEquals(l, Ledger.read(file).orElseThrow());
    assertEquals(5, l.rotations());
  }

  @Test
  void optionsParseAndNameTheBadOne() {
    QuickstartOptions o = QuickstartOptions.parse(List.of("--static", "--duration", "30",
        "--rate", "50", "--dir", "x", "--rotate-every", "4"));
    assertEquals(java.time.Duration.ofSeconds(4), o.rotateEvery());
    assertTrue(o.load().tailed(), "the quickstart's edges tail the writers' logs");
    assertEquals(java.time.Duration.ofSeconds(10), QuickstartOptions.parse(List.of())
        .rotateEvery());
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
