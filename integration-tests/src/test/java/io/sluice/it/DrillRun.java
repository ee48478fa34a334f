package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code sluice drill} as a real process (this JVM's java and classpath), its output and its
 * {@code drill-report.json}. For the drill ITs.
 */
record DrillRun(int exitCode, String output, String json) {

  /** Runs {@code sluice drill ARGS --dir DIR} and waits at most {@code seconds}. */
  static DrillRun run(Path dir, long seconds, String... args)
      throws IOException, InterruptedException {
    Files.createDirectories(dir.getParent());
    Path out = dir.resolveSibling(dir.getFileName() + ".out");
    List<String> command = new ArrayList<>(List.of("drill"));
    command.addAll(List.of(args));
    command.addAll(List.of("--dir", dir.toString()));
    Process p = AgentProcessShutdownIT.startSluice(out, command);
    try {
      assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "drill did not finish within " + seconds
          + " s: " + String.join(" ", args));
      Path report = dir.resolve("drill-report.json");
      return new DrillRun(p.exitValue(), Files.readString(out),
          Files.exists(report) ? Files.readString(report) : "");
    } finally {
      p.destroyForcibly();
    }
  }

  /** A number of the report (fails the test when the field is missing or not a number). */
  long number(String field) {
    Matcher m = Pattern.compile("\"" + field + "\": (-?\\d+)").matcher(json);
    assertTrue(m.find(), field + " not a number in " + json + "\n" + output);
    return Long.parseLong(m.group(1));
  }
}
