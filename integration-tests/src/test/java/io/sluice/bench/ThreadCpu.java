package io.sluice.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of a process's threads by thread name, from {@code /proc/<pid>/task/<tid>/stat} (Linux;
 * empty elsewhere). Digits in names are folded ({@code C2 CompilerThre#}) so pools add up; a thread
 * that ends between two readings is missing from the second. For profiling benches, not a test.
 */
final class ThreadCpu {
  /** Linux's USER_HZ, the unit of utime and stime in {@code stat}. */
  private static final long TICK_NANOS = 10_000_000L;

  private ThreadCpu() {}

  /** Nanoseconds of user and of system CPU per (folded) thread name ({@code name usr}, {@code name sys}). */
  static Map<String, Long> byName(long pid) {
    Map<String, Long> out = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException gone) {
          continue;
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "#");
        String[] f = stat.substring(close + 2).split(" ");
        // after "pid (comm) ": state is field 3, utime 14 and stime 15 -> indexes 11 and 12 here
        out.merge(name + " usr", Long.parseLong(f[11]) * TICK_NANOS, Long::sum);
        out.merge(name + " sys", Long.parseLong(f[12]) * TICK_NANOS, Long::sum);
      }
    } catch (IOException noProc) {
      return Map.of();
    }
    return out;
  }

  /** Prints each name's CPU microseconds per record between the two readings, largest first. */
  static void print(String label, Map<String, Long> before, Map<String, Long> after, double records) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach((name, nanos) -> delta.put(name, nanos - before.getOrDefault(name, 0L)));
    System.out.println("  threads, " + label + ":");
    delta.entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> System.out.printf(Locale.ROOT, "    %-24s %7.2f us/record%n", e.getKey(),
            e.getValue() / 1e3 / records));
  }
}
