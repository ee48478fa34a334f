package io.sluice.deploy.quickstart;

import static io.sluice.deploy.OptionArgs.number;
import static io.sluice.deploy.OptionArgs.value;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link LogWriter} does, and its command line (the launcher starts it as a process).
 *
 * @param logDir the directory of the log file (an edge's TAILDIR source follows it)
 * @param fileName the active file's name ({@code app.log}); rotated files get {@code .1}, {@code .2}
 * @param prefix the first word of every line ({@code "<prefix> <seq> <epochMillis> xxx..."})
 * @param rate lines per second
 * @param lineSize bytes per line, newline excluded
 * @param rotateEvery rotate this often, alternating rename and copytruncate; zero: only when told
 *     on standard input
 * @param generations rotated files kept
 * @param ledger where the writer records what it wrote ({@link Ledger})
 */
public record LogWriterConfig(Path logDir, String fileName, String prefix, int rate, int lineSize,
    Duration rotateEvery, int generations, Path ledger) {

  /** The active file. */
  public Path activeFile() {
    return logDir.resolve(fileName);
  }

  /** The arguments {@link #parse} reads back. */
  List<String> args() {
    return List.of("--dir", logDir.toString(), "--file", fileName, "--prefix", prefix, "--rate",
        Integer.toString(rate), "--line-size", Integer.toString(lineSize), "--rotate-every-ms",
        Long.toString(rotateEvery.toMillis()), "--generations", Integer.toString(generations),
        "--ledger", ledger.toString());
  }

  /** @throws IllegalArgumentException naming a bad or missing option */
  static LogWriterConfig parse(List<String> args) {
    Path dir = null;
    String file = "app.log";
    String prefix = null;
    int rate = 200;
    int size = 100;
    long rotateMillis = 0;
    int generations = 5;
    Path ledger = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--dir" -> dir = Path.of(value(args, ++i, a));
        case "--file" -> file = value(args, ++i, a);
        case "--prefix" -> prefix = value(args, ++i, a);
        case "--rate" -> rate = (int) number(value(args, ++i, a), a, 1);
        case "--line-size" -> size = (int) number(value(args, ++i, a), a, 1);
        case "--rotate-every-ms" -> rotateMillis = number(value(args, ++i, a), a, 0);
        case "--generations" -> generations = (int) number(value(args, ++i, a), a, 1);
        case "--ledger" -> ledger = Path.of(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    if (dir == null || prefix == null || ledger == null) {
      throw new IllegalArgumentException("--dir, --prefix and --ledger are required");
    }
    return new LogWriterConfig(dir, file, prefix, rate, size, Duration.ofMillis(rotateMillis),
        generations, ledger);
  }
}
