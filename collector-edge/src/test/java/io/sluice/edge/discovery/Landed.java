package io.sluice.edge.discovery;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
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

/** Test helpers: numbered events in, lines out, and their accounting. */
final class Landed {
  private Landed() {}

  /** Puts events numbered from (inclusive) to to (exclusive), 100 per transaction. */
  static void put(Channel ch, int from, int to) {
    for (int start = from; start < to; start += 100) {
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        for (int i = start; i < Math.min(to, start + 100); i++) {
          tx.put(Event.of(Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
        }
        tx.commit();
      }
    }
  }

  static List<String> lines(Path... dirs) {
    List<String> out = new ArrayList<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** Events 0..sent-1 not found, and extra copies, across the lines. */
  record Tally(int missing, int duplicates) {}

  static Tally tally(int sent, List<String> lines) {
    Map<Integer, Integer> counts = new HashMap<>();
    lines.forEach(l -> counts.merge(Integer.parseInt(l.trim()), 1, Integer::sum));
    int missing = 0;
    for (int i = 0; i < sent; i++) {
      missing += counts.containsKey(i) ? 0 : 1;
    }
    int dups = counts.values().stream().mapToInt(c -> c - 1).sum();
    return new Tally(missing, dups);
  }
}
