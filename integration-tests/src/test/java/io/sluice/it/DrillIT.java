package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short drills of every {@code mvn verify}: under load through two edges, SIGKILL one of two
 * aggregators and restart it 4 s later (no acknowledged event may be missing from HDFS, the
 * edges must reroute within 2 s, and the conservation headers merged over the tier must show no
 * gap and the ledger's duplicates); stop ZooKeeper for 4 s (edges keep sending to the aggregators
 * they know, nothing is missing, and they reconnect); rotate the edges' log files every 2 s for
 * 8 s, by rename and copytruncate in turn (nothing missing, nothing duplicated). Longer drills of
 * every fault, and rotations every second and every 200 ms: LongDrills, {@code -Pdrills}.
 */
class DrillIT {
  @TempDir Path tmp;

  @Test
  void killingOneOfTwoAggregatorsLosesNothingAndReroutesWithinTwoSeconds() throws Exception {
    Path dir = tmp.resolve("drill");
    DrillRun run = DrillRun.run(dir, 300, "--fault", "kill", "--target", "agg1", "--at", "8",
        "--down", "4", "--duration", "18", "--rate", "100");
    assertEquals(0, run.exitCode(), run.output());
    assertEquals(0, run.number("missing"), run.json());
    long sent = run.number("sent");
    assertTrue(sent > 1000, run.json());
    assertEquals(sent, run.number("landed"), run.json());
    long reroute = run.number("rerouteMillis");
    assertTrue(reroute >= 0 && reroute < 2000, "reroute " + reroute + " ms\n" + run.json());
    // The conservation headers, merged over both aggregators (agg1's windows came back from its
    // journal after the kill): every number received once, no gap, duplicates as the ledger's.
    assertTrue(run.json().contains("\"sequence\": {"), "checked: " + run.json());
    assertEquals(0, run.number("gaps"), run.json());
    assertEquals(run.number("duplicated"), run.number("duplicates"), run.json());
    assertEquals(sent, run.number("distinct"), run.json());
    assertTrue(Files.size(dir.resolve("drill-chart.png")) > 1000);
    String page = Files.readString(dir.resolve("drill-report.html"));
    assertTrue(page.contains(String.format(java.util.Locale.ROOT, "<td class=\"n\">%,d</td>",
        sent)) && page.contains("data:image/png;base64,"), "the HTML page has table and chart");
  }

  @Test
  void stoppingZooKeeperLosesNothingAndEdgesKeepSendingAndReconnect() throws Exception {
    Path dir = tmp.resolve("zk-stop");
    DrillRun run = DrillRun.run(dir, 300, "--fault", "zk-stop", "--at", "5", "--down", "4",
        "--duration", "14", "--rate", "100");
    assertEquals(0, run.exitCode(), run.output());
    assertEquals(0, run.number("missing"), run.json());
    long sent = run.number("sent");
    assertTrue(sent > 1000, run.json());
    assertEquals(sent, run.number("landed"), run.json());
    assertTrue(run.json().contains("\"rerouteMillis\": null,"), "no reroute: " + run.json());
    assertTrue(run.number("detectMillis") >= 0, "edges saw ZooKeeper go: " + run.json());
    assertTrue(run.number("reconnectAfterRestoreMillis") >= 0, "and come back: " + run.json());
    assertTrue(run.output().contains("ZooKeeper stopped") && run.output().contains(
        "ZooKeeper started"), run.output());
  }

  @Test
  void rotatingTheEdgesLogsUnderLoadLosesAndDuplicatesNothing() throws Exception {
    Path dir = tmp.resolve("rotate");
    // Every 2 s: a file created by a rename is copytruncated 2 s later. Closer than TAILDIR's
    // pollInterval (1 s) it can be truncated before the source opened it, and its first lines
    // are lost; LongDrills rotates every second and every 200 ms.
    DrillRun run = DrillRun.run(dir, 300, "--fault", "rotate", "--at", "5", "--down", "8",
        "--rotate-every", "2000", "--duration", "18", "--rate", "100");
    assertEquals(0, run.exitCode(), run.output());
    assertEquals(0, run.number("missing"), run.json());
    assertEquals(0, run.number("duplicated"), run.json());
    long sent = run.number("sent");
    assertTrue(sent > 1000, run.json());
    assertEquals(sent, run.number("landed"), run.json());
    Matcher rotations = Pattern.compile("rotated (\\d+) times by rename and (\\d+) times by "
        + "copytruncate").matcher(run.json());
    assertTrue(rotations.find(), run.json());
    assertTrue(Integer.parseInt(rotations.group(1)) >= 2
        && Integer.parseInt(rotations.group(2)) >= 2, "both kinds, on both edges: " + run.json());
    assertTrue(run.json().contains("lost 0 bytes to truncation and abandoned 0 bytes"),
        run.json());
    assertTrue(run.number("caughtUpAfterRestoreMillis") >= 0, run.json());
    assertTrue(run.output().contains("log writers rotate their files every 2000 ms"),
        run.output());
  }
}
