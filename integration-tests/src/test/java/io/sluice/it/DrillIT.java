package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short drill: under load through two edges, SIGKILL one of two aggregators, restart it
 * 4 s later. No acknowledged event may be missing from HDFS and the edges must reroute within 2 s.
 */
class DrillIT {
  @TempDir Path tmp;

  @Test
  void killingOneOfTwoAggregatorsLosesNothingAndReroutesWithinTwoSeconds() throws Exception {
    Path dir = tmp.resolve("drill");
    Path out = tmp.resolve("drill.out");
    Process p = new ProcessBuilder(AgentProcessShutdownIT.javaBin(), "-cp",
        System.getProperty("java.class.path"), "io.sluice.deploy.SluiceMain", "drill",
        "--fault", "kill", "--target", "agg1", "--at", "8", "--down", "4", "--duration", "18",
        "--rate", "100", "--dir", dir.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      assertTrue(p.waitFor(300, TimeUnit.SECONDS), "drill did not finish");
      String text = Files.readString(out);
      assertEquals(0, p.exitValue(), text);
      String json = Files.readString(dir.resolve("drill-report.json"));
      assertEquals(0, number(json, "missing"), json);
      long sent = number(json, "sent");
      assertTrue(sent > 1000, json);
      assertEquals(sent, number(json, "landed"), json);
      long reroute = number(json, "rerouteMillis");
      assertTrue(reroute >= 0 && reroute < 2000, "reroute " + reroute + " ms\n" + json);
      assertTrue(Files.size(dir.resolve("drill-chart.png")) > 1000);
    } finally {
      p.destroyForcibly();
    }
  }

  private static long number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\": (-?\\d+)").matcher(json);
    assertTrue(m.find(), field + " not in " + json);
    return Long.parseLong(m.group(1));
  }
}
