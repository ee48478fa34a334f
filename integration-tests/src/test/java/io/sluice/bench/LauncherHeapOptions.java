package io.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The heap options {@code bin/sluice agent} gives an agent whose operator set none (no
 * {@code JAVA_OPTS}, no {@code -X} options): the launcher's own rule
 * ({@code launcher_heap_defaults} in {@code bin/sluice-launcher.sh}, {@code -Dsluice.bench.launcher}
 * to use another copy), run on the agent's config, so a bench measures the agent users start.
 */
final class LauncherHeapOptions {
  private static final String SCRIPT = """
      source "$0"
      java_opts=()
      launcher_parse 1 "$@"
      launcher_heap_defaults "${launcher_args[@]}"
      printf '%s\\n' ${launcher_heap_opts[@]+"${launcher_heap_opts[@]}"}
      """;

  private LauncherHeapOptions() {}

  /** The options for agent {@code name} of {@code conf}, in the launcher's order (often none). */
  static List<String> forAgent(String name, Path conf) throws IOException, InterruptedException {
    String launcher = System.getProperty("sluice.bench.launcher", "bin/sluice-launcher.sh");
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", SCRIPT, launcher, "agent", "-n", name, "-f",
        conf.toString());
    pb.environment().remove("JAVA_OPTS");
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("could not read the launcher's heap options from " + launcher);
    }
    return out.lines().filter(l -> !l.isBlank()).toList();
  }
}
