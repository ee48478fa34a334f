package io.sluice.edge.exec;

import io.sluice.api.config.BatchSized;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code exec} source's settings (Flume 1.11's keys and defaults, plus {@code maxLineLength}).
 *
 * @param command {@code command} (required): what to run
 * @param shell {@code shell} (none): e.g. {@code /bin/sh -c}; the command then goes to the shell as
 *     one argument, so pipes and quotes work. Null runs the command split on whitespace.
 * @param restart {@code restart} (false): relaunch the command after it exits
 * @param restartThrottleMillis {@code restartThrottle} (10000): wait before a relaunch
 * @param logStdErr {@code logStdErr} (false): log the child's stderr at INFO, else discard it
 * @param batchSize {@code batchSize} (20): lines per channel transaction
 * @param batchTimeoutMillis {@code batchTimeout} (3000): a partial batch is committed this long
 *     after its first line was read
 * @param charset {@code charset} (UTF-8): how the child's output is decoded; event bodies are the
 *     line re-encoded in it, as in Flume
 * @param maxLineLength {@code maxLineLength} (1048576): longest line in characters; longer lines are
 *     truncated and counted
 */
public record ExecSourceConfig(
    String command,
    String shell,
    boolean restart,
    long restartThrottleMillis,
    boolean logStdErr,
    int batchSize,
    long batchTimeoutMillis,
    Charset charset,
    int maxLineLength) implements BatchSized {

  @Override
  public String batchSizeKey() {
    return "batchSize";
  }

  /**
   * The child's argument vector. Without a shell the command is split on whitespace (no quoting,
   * as in Flume); with one, the shell's own words come first and the command is its last argument.
   */
  public List<String> argv() {
    if (shell == null) {
      return words(command);
    }
    List<String> out = new ArrayList<>(words(shell));
    out.add(command);
    return List.copyOf(out);
  }

  private static List<String> words(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }
}
