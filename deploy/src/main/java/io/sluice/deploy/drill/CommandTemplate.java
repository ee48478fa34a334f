package io.sluice.deploy.drill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An operator's shell command with placeholders ({@code ssh {host} systemctl kill -s KILL
 * sluice-aggregator}): each {@code {name}} becomes its value, shell-quoted (values come from
 * ZooKeeper, where anyone with write access could put a {@code ;}), and the result runs with
 * {@code sh -c}. Immutable.
 */
record CommandTemplate(String text) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  /**
   * The command with every placeholder replaced.
   *
   * @throws IllegalArgumentException naming a placeholder that has no value here
   */
  String expand(Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        throw new IllegalArgumentException("'" + text + "': {" + m.group(1) + "} has no value "
            + "here (known: " + values.keySet().stream().sorted().map(k -> "{" + k + "}").toList()
            + ")");
      }
      m.appendReplacement(b, Matcher.quoteReplacement(quote(v)));
    }
    m.appendTail(b);
    return b.toString();
  }

  static String quote(String v) {
    return "'" + v.replace("'", "'\\''") + "'";
  }

  /**
   * Runs the expanded command and returns its output (stdout and stderr).
   *
   * @throws IOException with the exit code and output when it fails or does not end in time
   */
  String run(Map<String, String> values) throws IOException, InterruptedException {
    String command = expand(values);
    // Output to a file: a pipe nobody reads while we wait could fill up and stall the command.
    Path log = Files.createTempFile("sluice-drill-command", ".out");
    String output;
    Process p;
    try {
      p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("'" + command + "' did not end within " + TIMEOUT.toSeconds()
            + " s");
      }
      output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).trim();
    } finally {
      Files.deleteIfExists(log);
    }
    if (p.exitValue() != 0) {
      throw new IOException("'" + command + "' failed with exit code " + p.exitValue()
          + (output.isEmpty() ? "" : ": " + output));
    }
    return output;
  }
}
