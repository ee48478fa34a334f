package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The longer drills, one per fault and kind of target, each on a fresh quickstart cluster
 * ({@code -Ddrill.seconds}, default 60 s of load): no acknowledged event may be missing, and each
 * fault must show what it is about (a reroute within 2 s of an aggregator's loss, a re-registered
 * member, a new edge session, edges reconnected to ZooKeeper, HDFS sinks writing again after a
 * NameNode restart, and through a NameNode failover with no file left in use, TAILDIR
 * edges caught up after their logs were rotated every second and every 200 ms, with no duplicate;
 * a SIGKILLed TAILDIR edge resuming from its position file). Not part
 * of the default build: {@code mvn -B verify -Pdrills -pl integration-tests} (with
 * {@code -Dit.test=LongDrills} for these alone); about 20 minutes.
 */
class LongDrills {
  private static final long SECONDS = Long.getLong("drill.seconds", 60);

  @TempDir Path tmp;

  static Stream<Arguments> drills() {
    long at = SECONDS / 4;
    long down = SECONDS / 3; // long enough for an HDFS sink's file roll (30 s) in nn-restart
    return Stream.of(
        Arguments.of("kill", "agg1", at, 5L, "rerouteMillis", ""),
        Arguments.of("kill", "edge1", at, 5L, "landingAfterRestoreMillis", ""),
        Arguments.of("stop", "agg2", at, 5L, "rerouteMillis", ""),
        Arguments.of("stop", "edge2", at, 5L, "landingAfterRestoreMillis", ""),
        Arguments.of("zk-expire", "agg1", at, 5L, "reregisterMillis", ""),
        Arguments.of("zk-expire", "edge1", at, 5L, "newSessionMillis", ""),
        Arguments.of("zk-stop", null, at, down, "reconnectAfterRestoreMillis", ""),
        Arguments.of("nn-restart", null, at, down, "writingAfterRestoreMillis", ""),
        // two NameNodes: the active one killed, the standby promoted; a roll (30 s) after it
        Arguments.of("nn-failover", null, at, down, "writeStallMillis", ""),
        // TAILDIR edges: rotations every second, then every 200 ms, both kinds alternately
        Arguments.of("rotate", null, at, down, "caughtUpAfterRestoreMillis", ""),
        Arguments.of("rotate", null, at, down, "caughtUpAfterRestoreMillis",
            "--rotate-every 200"),
        // a TAILDIR edge SIGKILLed resumes from its position file
        Arguments.of("kill", "edge1", at, 5L, "landingAfterRestoreMillis", "--source taildir"));
  }

  @ParameterizedTest(name = "{0} {1} {5}")
  @MethodSource("drills")
  void losesNothing(String fault, String target, long at, long down, String mustHappen,
      String extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--fault", fault, "--at", Long.toString(at),
        "--down", Long.toString(down), "--duration", Long.toString(SECONDS), "--rate", "200"));
    if (target != null) {
      args.addAll(List.of("--target", target));
    }
    if (!extra.isEmpty()) {
      args.addAll(List.of(extra.split(" ")));
    }
    DrillRun run = DrillRun.run(tmp.resolve(fault + "-" + target + extra.replaceAll("\\W", "")),
        SECONDS + 600, args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.output());
    assertEquals(0, run.number("missing"), run.json());
    if (fault.equals("nn-failover")) {
      assertEquals(0, run.number("inUseFilesLeft"), "every file closed and renamed: " + run.json());
    }
    if (fault.equals("rotate")) {
      assertEquals(0, run.number("duplicated"), "rotation never duplicates: " + run.json());
    }
    long sent = run.number("sent");
    assertTrue(sent > SECONDS * 200, run.json());
    assertEquals(sent, run.number("landed"), run.json());
    if (mustHappen != null) {
      long millis = run.number(mustHappen);
      assertTrue(millis >= 0, mustHappen + " did not happen: " + run.json());
      if (mustHappen.equals("rerouteMillis")) {
        assertTrue(millis < 2000, "reroute " + millis + " ms\n" + run.json());
      }
    }
  }
}
