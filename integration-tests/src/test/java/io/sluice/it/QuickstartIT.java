package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.it.flume.UnpackedDistribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sluice quickstart --duration 20} of the unpacked tarball (so with the tools' jars of
 * {@code tools/lib/}, which only quickstart and drill get) as a real process: a cluster host (ZooKeeper +
 * MiniDFSCluster), two aggregators, two edges and two log writers as separate JVMs. Each edge's
 * TAILDIR source follows the log its writer appends to and rotates every 4 s (rename, then
 * copytruncate, ...). It must stop by itself, stop every node, and report that every line written
 * landed in HDFS exactly once, with at least one rotation of each kind during the run.
 */
class QuickstartIT {
  @TempDir Path tmp;

  @Test
  void quickstartLandsEveryLineWrittenThroughRotationsOnceInHdfs() throws Exception {
    Path dir = tmp.resolve("qs");
    Path out = tmp.resolve("quickstart.out");
    Process p = UnpackedDistribution.unpack(tmp).launcher("sluice", Map.of(), "quickstart",
        "--duration", "20", "--rate", "100", "--rotate-every", "4", "--dir", dir.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      assertTrue(p.waitFor(240, TimeUnit.SECONDS), "quickstart did not stop by itself");
      String text = Files.readString(out);
      assertEquals(0, p.exitValue(), text);
      assertTrue(text.contains("HDFS        hdfs://127.0.0.1:"), text);
      assertTrue(text.contains("missing:          0"), text);
      long written = figure(text, "lines written: +([\\d,]+)");
      long landed = figure(text, "landed in HDFS: +([\\d,]+)");
      assertTrue(landed > 1000, "landed " + landed + "\n" + text);
      assertEquals(written, landed, text);
      assertTrue(text.contains("duplicated:       0"), text);
      assertTrue(figure(text, "rotations: +(\\d+) rename") >= 1, text);
      assertTrue(figure(text, "rename, (\\d+) copytruncate") >= 1, text);
      assertTrue(figure(text, "(\\d+) copies followed") >= 1, "TAILDIR followed a copy: " + text);
      assertEquals(0, figure(text, "(\\d+) bytes lost to truncation"), text);
      assertEquals(0, figure(text, "(\\d+) bytes abandoned"), text);
      for (String node : new String[] {"cluster-host", "agg1", "agg2", "edge1", "edge2", "app1",
          "app2"}) {
        assertTrue(Files.exists(dir.resolve("logs").resolve(node + ".log")), node);
      }
      assertTrue(Files.readString(dir.resolve("logs/cluster-host.log"))
          .contains("cluster host stopped"));
      assertTrue(Files.readString(dir.resolve("logs/app1.log")).contains("log writer stopped"));
      assertTrue(Files.exists(dir.resolve("app1/logs/app.log.1")), "app1 rotated its log");
    } finally {
      p.destroyForcibly();
    }
  }

  private static long figure(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), regex + " not in:\n" + text);
    return Long.parseLong(m.group(1).replace(",", ""));
  }
}
