package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SluiceMainTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return SluiceMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void versionAndHelp() {
    assertEquals(0, run("version"));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Sluice "));
    assertEquals(0, run("agent", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--conf-file"));
  }

  @Test
  void quickstartAndDrillHaveHelpAndNameABadOption() {
    assertEquals(0, run("quickstart", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--duration SECS"));
    assertEquals(0, run("drill", "--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    for (String f : new String[] {"kill", "stop", "zk-expire", "zk-stop", "nn-restart",
        "nn-failover", "--zk", "--fault-command T", "--restore-command T"}) {
      assertTrue(help.contains(f), f + " in\n" + help);
    }
    assertEquals(2, run("quickstart", "--bogus"));
    assertTrue(err().contains("unknown option '--bogus'"), err());
    assertEquals(2, run("drill", "--target", "agg9"));
    assertTrue(err().contains("--target is one of"), err());
  }

  @Test
  void usageMistakesExitWithTwoAndNameTheOption() {
    assertEquals(2, run("agent", "-f", "x.properties"));
    assertTrue(err().contains("--name is required"), err());
    assertEquals(2, run("agent", "-n", "a1", "-f", "x", "--bogus"));
    assertTrue(err().contains("unknown option '--bogus'"), err());
    assertEquals(2, run("agent", "-n", "a1", "-f", "x", "-i", "soon"));
    assertTrue(err().contains("-i takes a whole number of seconds, not 'soon'"), err());
    assertEquals(2, run("frobnicate"));
  }

  @Test
  void brokenConfigRefusesToStartWithEveryProblem() throws Exception {
    Path conf = tmp.resolve("bad.properties");
    Files.writeString(conf, """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = netcat
        a1.sources.r1.bind = 127.0.0.1
        a1.sources.r1.port = 70000
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.sinks.k1.type = loggr
        a1.sinks.k1.channel = c1
        """);
    assertEquals(3, run("agent", "-n", "a1", "-f", conf.toString()));
    assertTrue(err().contains("refusing to start agent 'a1'"), err());
    assertTrue(err().contains("a1.sources.r1.port"), err());
    assertTrue(err().contains("a1.sinks.k1.type: unknown sink type 'loggr' (did you mean 'logger'?)"),
        err());
  }

  @Test
  void missingFileIsReportedNotThrown() {
    assertEquals(3, run("agent", "-n", "a1", "-f", tmp.resolve("nope.properties").toString()));
    assertTrue(err().contains("nope.properties"), err());
  }
}
