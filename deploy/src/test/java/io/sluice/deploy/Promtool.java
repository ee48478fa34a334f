package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus's {@code promtool} (Debian's {@code prometheus} package; {@code .ci/run}
 * installs it). Without it a test fails under CI (the {@code CI} variable is set) and is skipped,
 * saying why, elsewhere.
 */
final class Promtool {
  /** What one run printed (stdout and stderr together) and its exit code. */
  record Result(int exitCode, String output) {}

  private final Path binary;

  private Promtool(Path binary) {
    this.binary = binary;
  }

  /** The promtool on the PATH; fails (under CI) or skips the calling test without one. */
  static Promtool onPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "promtool");
      if (Files.isExecutable(p)) {
        return new Promtool(p);
      }
    }
    String why = "promtool is not on the PATH (apt-get install prometheus; .ci/run does)";
    if (System.getenv("CI") != null) {
      fail(why);
    }
    abort(why + ": skipped outside CI");
    throw new AssertionError("unreachable");
  }

  /** Runs {@code promtool args...} in {@code dir}, for at most 60 s. */
  Result run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes(); // ends when promtool exits
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("promtool " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
