package io.sluice.core.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads what file_roll sinks wrote: every line of every file under some directories. */
final class LandedLines {
  private LandedLines() {}

  static List<String> in(Path... dirs) {
    List<String> lines = new ArrayList<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lines;
  }

  static int count(Path... dirs) {
    return in(dirs).size();
  }

  /** Fails listing at most ten duplicated lines, so a failure stays readable. */
  static void assertNoDuplicates(List<String> lines) {
    Map<String, Integer> dups = duplicates(lines);
    org.junit.jupiter.api.Assertions.assertTrue(dups.isEmpty(), dups.size()
        + " lines landed more than once, e.g. " + dups.entrySet().stream().limit(10).toList());
  }

  /** Lines that occur more than once, with their counts. */
  static Map<String, Integer> duplicates(List<String> lines) {
    Map<String, Integer> counts = new HashMap<>();
    lines.forEach(l -> counts.merge(l, 1, Integer::sum));
    counts.values().removeIf(c -> c == 1);
    return counts;
  }
}
