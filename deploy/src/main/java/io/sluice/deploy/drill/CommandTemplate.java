package io.sluice.deploy.drill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An operator's shell command with placeholders ({@code ssh -- {host} systemctl kill -s KILL
 * sluice-aggregator}). The values come from ZooKeeper, where anyone with write access could put
 * shell syntax or an option, so:
 *
 * <ul>
 *   <li>each placeholder becomes a positional parameter ({@code "$1"}) of {@code sh -c}, its value a
 *       separate argument: the local shell never parses a value;
 *   <li>a placeholder inside quotes in the template is refused (the quoting would not be ours);
 *   <li>a value that is not plain ({@code [A-Za-z0-9_.:@\[\]-]}, not starting with '-') is
 *       refused: it could be read as an option by the command, or as syntax by a remote shell
 *       that ssh hands it to.
 * </ul>
 *
 * Immutable.
 */
record CommandTemplate(String text) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
  private static final Pattern PLAIN = Pattern.compile("(?!-)[A-Za-z0-9_.:@\\[\\]-]{1,253}");
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** The script for {@code sh -c} and the values it reads as {@code $1, $2, ...}. */
  record Expanded(String script, List<String> args, String shown) {}

  CommandTemplate {
    checkNoPlaceholderInQuotes(text);
  }

  /**
   * @throws IllegalArgumentException naming a placeholder that stands inside quotes
   */
  private static void checkNoPlaceholderInQuotes(String text) {
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
        i++; // an escaped character opens or closes nothing
      } else if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      } else if (quote != 0 && c == '{') {
        Matcher m = PLACEHOLDER.matcher(text).region(i, text.length());
        if (m.lookingAt()) {
          throw new IllegalArgumentException("'" + text + "': {" + m.group(1) + "} stands inside "
              + "quotes; write it bare, each value is passed as one argument");
        }
      }
    }
  }

  /**
   * The command with every placeholder turned into a positional parameter.
   *
   * @throws IllegalArgumentException naming a placeholder that has no value here, or whose value
   *     is not plain
   */
  Expanded expand(Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder script = new StringBuilder();
    StringBuilder shown = new StringBuilder();
    List<String> args = new ArrayList<>();
    int last = 0;
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        throw new IllegalArgumentException("'" + text + "': {" + m.group(1) + "} has no value "
            + "here (known: " + values.keySet().stream().sorted().map(k -> "{" + k + "}").toList()
            + ")");
      }
      if (!PLAIN.matcher(v).matches()) {
        throw new IllegalArgumentException("{" + m.group(1) + "} = "
            + io.sluice.coordination.Member.printable(v) + " could be read as an option or as "
            + "shell syntax; refused (values may hold A-Z a-z 0-9 _ . : @ [ ] -, not a leading -)");
      }
      args.add(v);
      script.append(text, last, m.start()).append("\"$").append(args.size()).append('"');
      shown.append(text, last, m.start()).append(v);
      last = m.end();
    }
    script.append(text.substring(last));
    shown.append(text.substring(last));
    return new Expanded(script.toString(), List.copyOf(args), shown.toString());
  }

  /**
   * Runs the expanded command and returns its output (stdout and stderr).
   *
   * @throws IOException with the exit code and output when it fails or does not end in time
   */
  String run(Map<String, String> values) throws IOException, InterruptedException {
    Expanded e = expand(values);
    List<String> argv = new ArrayList<>(List.of("sh", "-c", e.script(), "sluice-drill"));
    argv.addAll(e.args());
    // Output to a file: a pipe nobody reads while we wait could fill up and stall the command.
    Path log = Files.createTempFile("sluice-drill-command", ".out");
    String output;
    Process p;
    try {
      p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("'" + e.shown() + "' did not end within " + TIMEOUT.toSeconds()
            + " s");
      }
      output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).trim();
    } finally {
      Files.deleteIfExists(log);
    }
    if (p.exitValue() != 0) {
      throw new IOException("'" + e.shown() + "' failed with exit code " + p.exitValue()
          + (output.isEmpty() ? "" : ": " + output));
    }
    return output;
  }
}
